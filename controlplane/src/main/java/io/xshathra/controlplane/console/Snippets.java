package io.xshathra.controlplane.console;

import java.util.List;

/**
 * The code a project page offers for its two everyday calls, minting a connection token and
 * publishing, in curl, Node, Python, Java and Go, plus the browser side with centrifuge-js. Every
 * snippet is filled with the server's real base URL and reads the secret server key from the
 * {@code XSHATHRA_SERVER_KEY} environment variable: the key itself is never written into a page.
 */
final class Snippets {

    /** The environment variable every snippet reads the server key from. */
    static final String KEY_VARIABLE = "XSHATHRA_SERVER_KEY";

    /**
     * One language's tab.
     *
     * @param id     the tab's id suffix ({@code curl}, {@code node}, …)
     * @param label  what the tab says
     * @param blocks its snippets, in order
     */
    record Tab(String id, String label, List<Block> blocks) {
    }

    /**
     * One snippet.
     *
     * @param id    the element id of its code (the Copy button's target)
     * @param title what it does
     * @param code  the code, as plain text
     */
    record Block(String id, String title, String code) {
    }

    /**
     * What a deployment's snippets point at besides the base URL.
     *
     * @param wsPath  where the engine's WebSocket is mounted
     * @param channel the channel the examples publish to and subscribe to
     */
    record Target(String wsPath, String channel) {
    }

    /** One call to the project API: its path, JSON body, and what the language names it. */
    private record Call(String path, String json, String name, String title) {
    }

    private Snippets() {
    }

    /** The example channel of a page: {@code public:<room>} when that namespace exists, else the first one. */
    static String exampleChannel(List<String> sortedNamespaces, String room) {
        String ns = sortedNamespaces.contains("public") ? "public"
                : sortedNamespaces.isEmpty() ? "" : sortedNamespaces.get(0);
        return ns.isEmpty() ? room : ns + ":" + room;
    }

    /**
     * The tabs for one project.
     *
     * @param origin    the base URL as the browser sees it, e.g. {@code https://rt.example.com}
     * @param wsPath    where the engine's WebSocket is mounted, e.g. {@code /realtime/connection/websocket}
     * @param clientKey the project's public client key
     * @param channel   the channel the examples use
     */
    static List<Tab> forProject(String origin, String wsPath, String clientKey, String channel) {
        Call token = new Call("/api/realtime/token", "{\"userId\": \"alice\", \"ttlSeconds\": 900}", "Token",
                "Mint a connection token");
        Call publish = new Call("/api/realtime/publish",
                "{\"channel\": \"" + channel + "\", \"data\": {\"text\": \"hello\"}}", "Publish", "Publish");
        return List.of(
                tab("curl", "curl", curl(origin, token), curl(origin, publish)),
                tab("node", "Node", node(origin, token), node(origin, publish)),
                new Tab("browser", "Browser", List.of(new Block("snippet-browser-subscribe",
                        "Subscribe with centrifuge-js", browser(origin, wsPath, clientKey, channel)))),
                tab("python", "Python", python(origin, token), python(origin, publish)),
                tab("java", "Java", java(origin, token), java(origin, publish)),
                tab("go", "Go", go(origin, token), go(origin, publish)));
    }

    private static Tab tab(String id, String label, String tokenCode, String publishCode) {
        return new Tab(id, label, List.of(new Block("snippet-" + id + "-token", "Mint a connection token", tokenCode),
                new Block("snippet-" + id + "-publish", "Publish", publishCode)));
    }

    private static String curl(String origin, Call c) {
        return "curl -X POST " + origin + c.path() + " \\\n"
                + "  -H \"Authorization: apikey $" + KEY_VARIABLE + "\" \\\n"
                + "  -H \"Content-Type: application/json\" \\\n"
                + "  -d '" + c.json() + "'";
    }

    private static String node(String origin, Call c) {
        return "// " + c.name().toLowerCase() + ".mjs, Node 18 or later: node " + c.name().toLowerCase() + ".mjs\n"
                + "const res = await fetch('" + origin + c.path() + "', {\n"
                + "  method: 'POST',\n"
                + "  headers: {\n"
                + "    Authorization: `apikey ${process.env." + KEY_VARIABLE + "}`,\n"
                + "    'Content-Type': 'application/json',\n"
                + "  },\n"
                + "  body: JSON.stringify(" + c.json() + "),\n"
                + "});\n"
                + "if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);\n"
                + "console.log(await res.json());";
    }

    private static String python(String origin, Call c) {
        return "# " + c.name().toLowerCase() + ".py, standard library only: python3 " + c.name().toLowerCase() + ".py\n"
                + "import json\n"
                + "import os\n"
                + "import urllib.request\n\n"
                + "req = urllib.request.Request(\n"
                + "    \"" + origin + c.path() + "\",\n"
                + "    data=json.dumps(" + c.json() + ").encode(),\n"
                + "    headers={\"Authorization\": \"apikey \" + os.environ[\"" + KEY_VARIABLE + "\"],\n"
                + "             \"Content-Type\": \"application/json\"},\n"
                + "    method=\"POST\")\n"
                + "with urllib.request.urlopen(req, timeout=10) as res:\n"
                + "    print(json.load(res))";
    }

    private static String java(String origin, Call c) {
        String body = c.json().replace("\\", "\\\\").replace("\"", "\\\"");
        return "// " + c.name() + ".java, Java 11 or later: java " + c.name() + ".java\n"
                + "import java.net.URI;\n"
                + "import java.net.http.HttpClient;\n"
                + "import java.net.http.HttpRequest;\n"
                + "import java.net.http.HttpResponse;\n\n"
                + "public class " + c.name() + " {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        HttpRequest req = HttpRequest.newBuilder(URI.create(\"" + origin + c.path() + "\"))\n"
                + "                .header(\"Authorization\", \"apikey \" + System.getenv(\"" + KEY_VARIABLE + "\"))\n"
                + "                .header(\"Content-Type\", \"application/json\")\n"
                + "                .POST(HttpRequest.BodyPublishers.ofString(\"" + body + "\"))\n"
                + "                .build();\n"
                + "        HttpResponse<String> res = HttpClient.newHttpClient()\n"
                + "                .send(req, HttpResponse.BodyHandlers.ofString());\n"
                + "        System.out.println(res.statusCode() + \" \" + res.body());\n"
                + "    }\n"
                + "}";
    }

    private static String go(String origin, Call c) {
        return "// " + c.name().toLowerCase() + ".go: go run " + c.name().toLowerCase() + ".go\n"
                + "package main\n\n"
                + "import (\n\t\"fmt\"\n\t\"io\"\n\t\"net/http\"\n\t\"os\"\n\t\"strings\"\n)\n\n"
                + "func main() {\n"
                + "\tbody := strings.NewReader(`" + c.json() + "`)\n"
                + "\treq, err := http.NewRequest(\"POST\", \"" + origin + c.path() + "\", body)\n"
                + "\tif err != nil {\n\t\tpanic(err)\n\t}\n"
                + "\treq.Header.Set(\"Authorization\", \"apikey \"+os.Getenv(\"" + KEY_VARIABLE + "\"))\n"
                + "\treq.Header.Set(\"Content-Type\", \"application/json\")\n"
                + "\tres, err := http.DefaultClient.Do(req)\n"
                + "\tif err != nil {\n\t\tpanic(err)\n\t}\n"
                + "\tdefer res.Body.Close()\n"
                + "\tout, _ := io.ReadAll(res.Body)\n"
                + "\tfmt.Println(res.Status, string(out))\n"
                + "}";
    }

    /** The browser side: the token comes from the customer's own backend, which calls the token API. */
    private static String browser(String origin, String wsPath, String clientKey, String channel) {
        String ws = (origin.startsWith("https://") ? "wss://" + origin.substring(8) : "ws://" + origin.substring(7))
                + wsPath;
        return "// npm install centrifuge, then bundle this module into your page.\n"
                + "import { Centrifuge } from 'centrifuge';\n\n"
                + "const client = new Centrifuge('" + ws + "', {\n"
                + "  // Your backend calls /api/realtime/token with the server key and returns {\"token\": ...}.\n"
                + "  getToken: async () => {\n"
                + "    const res = await fetch('/your-backend/realtime-token', { method: 'POST' });\n"
                + "    if (!res.ok) throw new Error(`token: HTTP ${res.status}`);\n"
                + "    return (await res.json()).token;\n"
                + "  },\n"
                + "  // Anonymous, read-only visitors may connect with the public client key instead of getToken:\n"
                + "  // data: { clientApiKey: '" + clientKey + "' },\n"
                + "});\n\n"
                + "// Without a subscription token, the channel's namespace must set allow_subscribe_for_client;\n"
                + "// otherwise add a getToken here that asks your backend (/api/realtime/subscription-token).\n"
                + "const sub = client.newSubscription('" + channel + "');\n"
                + "sub.on('publication', (ctx) => console.log('received', ctx.data));\n"
                + "sub.subscribe();\n"
                + "client.connect();";
    }
}
