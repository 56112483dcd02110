package io.xshathra.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.server.ServerLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code xshathra …} command in the README's and the docs' shell blocks names a command
 * and options that exist: each one is parsed by the real command line (not run). Shell variables
 * stand for values, and synopsis lines with {@code [optional]} parts are left out.
 */
class DocCommandsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** Where a command starts: line start (after VAR=value prefixes), after $( | && or ;. */
    private static final Pattern START = Pattern.compile("(?:^|\\$\\(|\\|\\s|&&\\s|;\\s)\\s*(?:[A-Z_][A-Z0-9_]*=\\S*\\s+)*(?:bin/)?xshathra\\s");

    record Found(String file, int line, String text) {
    }

    @Test
    void everyDocumentedCommandParses() throws IOException {
        List<Found> commands = commands();
        assertThat(commands).as("commands found in the docs").hasSizeGreaterThan(20);
        List<String> broken = new ArrayList<>();
        for (Found f : commands) {
            List<String> args = tokens(f.text());
            CommandLine cli = Cli.create(Map.of(), ServerLauncher.UNAVAILABLE, ROOT);
            try {
                cli.parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                broken.add(f.file() + ":" + f.line() + ": xshathra " + String.join(" ", args) + " -> " + e.getMessage());
            }
        }
        assertThat(broken).as("documented commands the CLI refuses").isEmpty();
    }

    @Test
    void aMistypedCommandWouldBeCaught() {
        CommandLine cli = Cli.create(Map.of(), ServerLauncher.UNAVAILABLE, ROOT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cli.parseArgs(tokens("project list --jsn").toArray(String[]::new)))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    private static List<Found> commands() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Found> out = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            boolean inShell = false;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.startsWith("```")) {
                    inShell = !inShell && (l.equals("```sh") || l.equals("```bash") || l.equals("```shell"));
                    continue;
                }
                if (!inShell) {
                    continue;
                }
                StringBuilder joined = new StringBuilder(l);
                int first = i;
                while (joined.toString().endsWith("\\") && i + 1 < lines.size()) {
                    joined.setLength(joined.length() - 1);
                    joined.append(' ').append(lines.get(++i).strip());
                }
                Matcher m = START.matcher(joined);
                while (m.find()) {
                    String rest = cut(joined.substring(m.end()));
                    if (!rest.contains("[") && !rest.contains("…")) {
                        out.add(new Found(ROOT.relativize(file).toString(), first + 1, rest));
                    }
                }
            }
        }
        return out;
    }

    /** The command's own words: up to a comment, a pipe, a closing $( ), & or ;. */
    private static String cut(String s) {
        int depth = 0;
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (!single && !dbl) {
                if (c == '(') {
                    depth++;
                } else if (c == ')' && depth-- == 0 || c == '#' || c == '|' || c == '&' || c == ';' || c == '>') {
                    return s.substring(0, i).strip();
                }
            }
        }
        return s.strip();
    }

    /** Shell words, with quotes removed and $VARIABLES (also "$VAR") standing for a value. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean single = false;
        boolean dbl = false;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
                any = true;
            } else if (c == '"' && !single) {
                dbl = !dbl;
                any = true;
            } else if (Character.isWhitespace(c) && !single && !dbl) {
                if (any || w.length() > 0) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
            }
        }
        if (any || w.length() > 0) {
            out.add(w.toString());
        }
        out.replaceAll(t -> t.matches(".*\\$\\{?[A-Za-z_].*") ? t.replaceAll("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?", "x") : t);
        return out;
    }
}
