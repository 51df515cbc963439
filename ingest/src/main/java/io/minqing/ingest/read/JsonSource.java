package io.minqing.ingest.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.minqing.contract.Codes.RejectReason;
import io.minqing.ingest.IngestErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * JSON input, streamed with Jackson's parser (never a whole tree of the file), in two shapes:
 * <ul>
 *   <li><b>JSON Lines</b> ({@code .jsonl}, {@code .ndjson}): one object per line; row = line number; a line that is
 *   not a JSON object is a MALFORMED_RECORD reject.</li>
 *   <li><b>Open311 GeoReport v2</b> ({@code .json}): a top-level array of requests, an object whose
 *   {@code requests} / {@code service_requests} member is that array, or a Django fixture (array of
 *   {@code {model, pk, fields}}) whose {@code dashboard.request} objects are the requests (other models are skipped
 *   and counted); row = position in the array (1-based). A syntax error stops the file and fails the run, since
 *   nothing after it can be located.</li>
 * </ul>
 * Nested objects are flattened to dotted keys ({@code location.latitude}); arrays are kept as JSON text.
 * <b>Repeated keys</b> (SF's dumps repeat {@code updated_datetime} and {@code expected_datetime} in one object) are
 * all kept: the first occurrence under the key itself, later ones as {@code key#2}, {@code key#3}. Profiles map
 * the first occurrence (in the SF dumps it holds the timestamp; the second holds a "true"/"null" flag).
 */
public final class JsonSource implements RecordSource {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final String fileName;
    private final boolean lines;
    private final InputStream in;
    private final Map<String, Long> counters = new TreeMap<>();
    private BufferedReader reader;
    private JsonParser parser;
    private long row;
    private SourceRecord next;
    private boolean done;

    public JsonSource(String fileName, InputStream in, boolean lines) {
        this.fileName = fileName;
        this.lines = lines;
        this.in = in;
        try {
            if (lines) {
                reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            } else {
                parser = FACTORY.createParser(new InputStreamReader(in, StandardCharsets.UTF_8));
                openArray();
            }
        } catch (IOException e) {
            throw fail(e);
        }
    }

    private RuntimeException fail(IOException e) {
        if (e instanceof JsonParseException jp) {
            JsonLocation l = jp.getLocation();
            return IngestErrors.badJson(fileName, l == null ? -1 : l.getLineNr(), l == null ? -1 : l.getColumnNr(), jp.getOriginalMessage());
        }
        return new UncheckedIOException("reading " + fileName, e);
    }

    private void openArray() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.START_ARRAY) {
            return;
        }
        if (t == JsonToken.START_OBJECT) {
            while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                t = parser.nextToken();
                if ((name.equals("requests") || name.equals("service_requests")) && t == JsonToken.START_ARRAY) {
                    return;
                }
                parser.skipChildren();
            }
        }
        // neither an array nor an object with a requests array: no records (the summary shows the counter)
        done = true;
        counters.merge("no_request_array", 1L, Long::sum);
    }

    private SourceRecord readNext() throws IOException {
        if (done) {
            return null;
        }
        if (lines) {
            while (true) {
                String l = reader.readLine();
                if (l == null) {
                    done = true;
                    return null;
                }
                row++;
                if (l.isBlank()) {
                    counters.merge("blank_lines", 1L, Long::sum);
                    continue;
                }
                try (JsonParser p = FACTORY.createParser(l)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        throw new JsonParseException(p, "a JSON Lines record must be an object {…}");
                    }
                    Map<String, String> fields = new LinkedHashMap<>();
                    readObject(p, "", fields);
                    if (p.nextToken() != null) {
                        throw new JsonParseException(p, "text after the object");
                    }
                    return new SourceRecord(row, fields, l, null);
                } catch (JsonParseException e) {
                    return new SourceRecord(row, Map.of(), l, new SourceRecord.Problem(RejectReason.MALFORMED_RECORD, null, null,
                            "Line " + row + " is not a JSON object: " + e.getOriginalMessage() + ". Fix the line; each line must hold one complete object."));
                }
            }
        }
        while (true) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY || t == null) {
                done = true;
                return null;
            }
            row++;
            if (t != JsonToken.START_OBJECT) {
                parser.skipChildren();
                counters.merge("skipped_non_objects", 1L, Long::sum);
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            readObject(parser, "", fields);
            if (fields.containsKey("model") && fields.keySet().stream().anyMatch(k -> k.startsWith("fields."))) {
                String model = fields.get("model");
                if (!"dashboard.request".equals(model)) {
                    counters.merge("skipped_model:" + model, 1L, Long::sum);
                    continue;
                }
                Map<String, String> unwrapped = new LinkedHashMap<>();
                fields.forEach((k, v) -> {
                    if (k.startsWith("fields.")) {
                        unwrapped.put(k.substring(7), v);
                    } else if (!k.equals("model")) {
                        unwrapped.put("_" + k, v);
                    }
                });
                fields = unwrapped;
            }
            return new SourceRecord(row, fields, raw(fields), null);
        }
    }

    static String raw(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            int hash = k.lastIndexOf('#');
            String key = hash > 0 && k.substring(hash + 1).matches("\\d+") ? k.substring(0, hash) : k;
            sb.append('"').append(key).append("\": ").append(v == null ? "null" : '"' + v.replace("\"", "\\\"") + '"');
        });
        return sb.append('}').toString();
    }

    /** Reads the object the parser is at (START_OBJECT consumed) into flattened fields, keeping repeated keys. */
    static void readObject(JsonParser p, String prefix, Map<String, String> out) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = prefix + p.currentName();
            t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                readObject(p, key + ".", out);
                continue;
            }
            String value;
            if (t == JsonToken.START_ARRAY) {
                StringBuilder sb = new StringBuilder();
                copyArray(p, sb);
                value = sb.toString();
            } else if (t == JsonToken.VALUE_NULL) {
                value = null;
            } else {
                value = p.getText();
            }
            String k = key;
            for (int n = 2; out.containsKey(k); n++) {
                k = key + "#" + n;
            }
            out.put(k, value);
        }
        if (t != JsonToken.END_OBJECT) {
            throw new JsonParseException(p, "unexpected " + t + " in an object");
        }
    }

    private static void copyArray(JsonParser p, StringBuilder sb) throws IOException {
        int depth = 1;
        sb.append('[');
        JsonToken t;
        boolean first = true;
        while (depth > 0 && (t = p.nextToken()) != null) {
            switch (t) {
                case START_ARRAY, START_OBJECT -> {
                    sb.append(first ? "" : ",").append(t == JsonToken.START_ARRAY ? '[' : '{');
                    depth++;
                    first = true;
                    continue;
                }
                case END_ARRAY, END_OBJECT -> {
                    sb.append(t == JsonToken.END_ARRAY ? ']' : '}');
                    depth--;
                    first = false;
                    continue;
                }
                case FIELD_NAME -> {
                    sb.append(first ? "" : ",").append('"').append(p.currentName()).append("\":");
                    first = true;
                    continue;
                }
                case VALUE_STRING -> sb.append(first ? "" : ",").append('"').append(p.getText().replace("\"", "\\\"")).append('"');
                default -> sb.append(first ? "" : ",").append(p.getText());
            }
            first = false;
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = readNext();
            } catch (IOException e) {
                throw fail(e);
            }
        }
        return next != null;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord r = next;
        next = null;
        return r;
    }

    @Override
    public List<String> headers() {
        return List.of();
    }

    @Override
    public String encoding() {
        return lines ? "JSON Lines (UTF-8)" : "JSON (UTF-8)";
    }

    @Override
    public Map<String, Long> counters() {
        return counters;
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
        if (reader != null) {
            reader.close();
        }
        in.close();
    }
}
