package io.xshathra.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the configuration file (JSON; YAML for {@code .yaml}/{@code .yml}; TOML for
 * {@code .toml}, as Centrifugo does) into a v6-shaped {@link ConfigTree}. Top-level keys are
 * sorted into v6 keys, v5 keys (moved to their v6 place, with a deprecation warning) and unknown
 * keys (a warning). Where a name means different things in the two generations, the JSON type
 * decides: {@code "admin": true} is v5, {@code "admin": {...}} is v6. When both generations set
 * the same option, v6 wins.
 */
final class FileSource {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML = new YAMLMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper TOML = new TomlMapper();

    private FileSource() {
    }

    static ConfigTree read(Path file, List<String> warnings) {
        ObjectNode top = parse(file);
        ConfigTree v6 = new ConfigTree();
        ConfigTree v5 = new ConfigTree();
        Iterator<Map.Entry<String, JsonNode>> it = top.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue;
            }
            if (isV6(key, value)) {
                v6.root().set(key, value);
                continue;
            }
            List<LegacyKeys.Target> targets = LegacyKeys.targets(key);
            if (targets.isEmpty()) {
                warnings.add("unknown key \"" + key + "\" in " + file + ", ignored");
                continue;
            }
            for (LegacyKeys.Target t : targets) {
                v5.set(t.path(), t.fixed() != null ? t.fixed() : value.deepCopy(), key);
            }
            warnings.add("\"" + key + "\" is a Centrifugo v5 name; use " + targets.get(0).path());
        }
        v5.origins().forEach((path, v5Key) -> {
            if (!v6.get(path).isMissingNode()) {
                warnings.add("\"" + v5Key + "\" is ignored because " + path + " is also set");
            }
        });
        v5.overlay(v6);
        return v5;
    }

    private static boolean isV6(String key, JsonNode value) {
        if (LegacyKeys.BOOL_OR_SECTION.contains(key) || key.equals("engine") || key.equals("broker")) {
            return value.isObject();
        }
        return key.equals("xshathra") || ConfigKeys.ROOT.recognises(key);
    }

    private static ObjectNode parse(Path file) {
        String name = file.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
        boolean toml = lower.endsWith(".toml");
        String format = yaml ? "YAML" : toml ? "TOML" : "JSON";
        ObjectMapper mapper = yaml ? YAML : toml ? TOML : JSON;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, "file not found");
        } catch (IOException e) {
            throw new ConfigException(name, "cannot read the file: " + e.getMessage());
        }
        JsonNode node;
        try {
            node = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(name, "malformed " + format + where + ": " + summary(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(name, "cannot read the file: " + e.getMessage());
        }
        if (node == null || node.isMissingNode() || node.isNull()
                || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new ConfigException(name, "malformed " + format + ": the file is empty");
        }
        if (!node.isObject()) {
            throw new ConfigException(name, "the top level must be "
                    + (format.equals("JSON") ? "a JSON object" : "a mapping of keys"));
        }
        return (ObjectNode) node;
    }

    /**
     * Parser messages of YAML may run over several lines, with indented lines quoting the file
     * and pointing at a column; the one-line error keeps the unindented lines, which say what was
     * wrong.
     */
    private static String summary(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\\R")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                out.append(out.length() == 0 ? "" : "; ").append(line.strip());
            }
        }
        return out.toString();
    }
}
