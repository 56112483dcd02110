package io.xshathra.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the JSON configuration file into a v6-shaped {@link ConfigTree}. Top-level keys are
 * sorted into v6 keys, v5 keys (moved to their v6 place, with a deprecation warning) and unknown
 * keys (a warning). Where a name means different things in the two generations, the JSON type
 * decides: {@code "admin": true} is v5, {@code "admin": {...}} is v6. When both generations set
 * the same option, v6 wins.
 */
final class FileSource {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

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
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".toml")) {
            throw new ConfigException(name, "only JSON configuration files are supported (YAML and TOML are not yet)");
        }
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
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(name, "malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(name, "cannot read the file: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new ConfigException(name, "malformed JSON: the file is empty");
        }
        if (!node.isObject()) {
            throw new ConfigException(name, "the top level must be a JSON object");
        }
        return (ObjectNode) node;
    }
}
