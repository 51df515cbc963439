package io.minqing.contract;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Configuration values by dotted key ({@code sla.dispatch-hours}), resolved once with one documented precedence:
 * <b>command-line option &gt; environment &gt; config file &gt; default</b>.
 *
 * <p>The environment variable of a key is {@code MINQING_} + the key upper-cased with dots and dashes as
 * underscores ({@code sla.dispatch-hours} → {@code MINQING_SLA_DISPATCH_HOURS}). Settings is immutable; each
 * stage parses the keys it owns into a record of its own and validates them there, with messages from
 * {@link Errors#invalidConfig}. Nothing reads configuration statically.
 */
public final class Settings {

    private final Map<String, String> cli;
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final String fileName;

    private Settings(Map<String, String> cli, Map<String, String> env, Map<String, String> file, String fileName) {
        this.cli = Map.copyOf(cli);
        this.env = Map.copyOf(env);
        this.file = Map.copyOf(file);
        this.fileName = fileName;
    }

    public static Settings empty() {
        return new Settings(Map.of(), Map.of(), Map.of(), null);
    }

    /**
     * Resolve settings.
     *
     * @param configFile optional YAML file (nested maps are flattened to dotted keys), may be null
     * @param env        the environment (pass {@code System.getenv()}; tests pass a map)
     * @param cliValues  values given on the command line (dotted keys), highest precedence
     */
    public static Settings resolve(Path configFile, Map<String, String> env, Map<String, String> cliValues) {
        Map<String, String> minqingEnv = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("MINQING_") && v != null) {
                minqingEnv.put(k, v);
            }
        });
        Map<String, String> cli = new TreeMap<>();
        cliValues.forEach((k, v) -> {
            if (v != null) {
                cli.put(k, v);
            }
        });
        Map<String, String> fromFile = configFile == null ? Map.of() : loadYaml(configFile);
        return new Settings(cli, minqingEnv, fromFile, configFile == null ? null : configFile.toString());
    }

    /** Settings given as a map (tests, profiles), as if from a config file. */
    public static Settings ofMap(Map<String, String> values) {
        return new Settings(Map.of(), Map.of(), values, "given map");
    }

    /** The environment variable of {@code key}: MINQING_ + upper case, dots and dashes as underscores. */
    public static String envName(String key) {
        return "MINQING_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value of {@code key}: command line, else environment, else config file. */
    public Optional<String> get(String key) {
        if (cli.containsKey(key)) {
            return Optional.of(cli.get(key));
        }
        String e = env.get(envName(key));
        if (e != null) {
            return Optional.of(e);
        }
        return Optional.ofNullable(file.get(key));
    }

    /** Where a value came from, for error messages and {@code --verbose} output. */
    public String origin(String key) {
        if (cli.containsKey(key)) {
            return "command line";
        }
        if (env.containsKey(envName(key))) {
            return "environment " + envName(key);
        }
        return file.containsKey(key) ? "config file " + fileName : "default";
    }

    public String string(String key, String dflt) {
        return get(key).orElse(dflt);
    }

    public double positiveDouble(String key, double dflt, String unitHint) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.get().trim());
            if (!(d > 0) || Double.isInfinite(d)) {
                throw Errors.invalidConfig(key, v.get(), "It must be a positive number of " + unitHint + ".");
            }
            return d;
        } catch (NumberFormatException e) {
            throw Errors.invalidConfig(key, v.get(), "It must be a positive number of " + unitHint + ".");
        }
    }

    public double fraction(String key, double dflt) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.get().trim());
            if (d < 0 || d > 1 || Double.isNaN(d)) {
                throw Errors.invalidConfig(key, v.get(), "It must be a number from 0 to 1.");
            }
            return d;
        } catch (NumberFormatException e) {
            throw Errors.invalidConfig(key, v.get(), "It must be a number from 0 to 1.");
        }
    }

    public int positiveInt(String key, int dflt) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.get().trim());
            if (i <= 0) {
                throw Errors.invalidConfig(key, v.get(), "It must be a positive whole number.");
            }
            return i;
        } catch (NumberFormatException e) {
            throw Errors.invalidConfig(key, v.get(), "It must be a positive whole number.");
        }
    }

    /** All keys that start with {@code prefix + "."} in the config file or command line, with the prefix removed. */
    public Map<String, String> section(String prefix) {
        Map<String, String> out = new TreeMap<>();
        asMap().forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) {
                out.put(k.substring(prefix.length() + 1), v);
            }
        });
        return out;
    }

    /**
     * Fails on a key under {@code section.} that is not one of {@code keys}, so that a typo is not silently ignored.
     * Scoped to one section because one file configures several stages, each checking only the sections it owns.
     */
    public void requireKnownKeys(String section, Set<String> keys) {
        for (String k : section(section).keySet()) {
            if (!keys.contains(k)) {
                throw Errors.unknownConfigKey(origin(section + "." + k), section + "." + k,
                        keys.stream().sorted().map(x -> section + "." + x).toList());
            }
        }
    }

    /** Keys from the config file and command line with their resolved values (environment applied). */
    public Map<String, String> asMap() {
        Map<String, String> out = new TreeMap<>(file);
        out.putAll(cli);
        out.replaceAll((k, v) -> get(k).orElse(v));
        return out;
    }

    static Map<String, String> loadYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            throw Errors.unreadableConfig(file, "no such file");
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            Map<String, String> flat = new TreeMap<>();
            if (root == null) {
                return flat;
            }
            if (!(root instanceof Map<?, ?> m)) {
                throw Errors.unreadableConfig(file, "the top level must be a mapping of keys to values");
            }
            flatten("", m, flat);
            return flat;
        } catch (IOException | YAMLException e) {
            throw Errors.unreadableConfig(file, e.getMessage().replace('\n', ' '));
        }
    }

    private static void flatten(String prefix, Map<?, ?> m, Map<String, String> out) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child) {
                flatten(k + ".", child, out);
            } else if (e.getValue() instanceof List<?> list) {
                out.put(k, String.join(",", list.stream().map(String::valueOf).toList()));
            } else if (e.getValue() != null) {
                out.put(k, String.valueOf(e.getValue()));
            }
        }
    }
}
