package dev.dspj.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Loads a JSONL or CSV file into a {@link Dataset}; start one with {@link Datasets#jsonl(Path)} or
 * {@link Datasets#csv(Path)}, configure it, then {@link #load()}.
 *
 * <ul>
 *   <li>{@link #field(String, String)} renames a source key or column to a field name; keys not
 *       mapped keep their names.</li>
 *   <li>{@link #inputs(String...)} marks the input fields; every row must have a value for each
 *       ({@link #require(String...)} makes other fields mandatory too).</li>
 *   <li>{@link #types(SignatureDescriptor)} / {@link #types(FieldDescriptor...)} convert each
 *       declared field's value with the field's codec ({@code "3"} in a CSV becomes the
 *       {@code int} 3 for an {@code int} field), so a wrong type is found now, with its line, rather
 *       than in the middle of an evaluation.</li>
 * </ul>
 *
 * <p>A load never drops a row silently. A bad row (malformed JSON, a CSV row with the wrong number
 * of columns or a broken quote, a missing input or required field, a value of the wrong type)
 * makes {@link #load()} fail with a {@link DatasetException} listing every bad row with its file
 * and line, unless {@link #skipBadRows()} was called: then the good rows are loaded and the bad
 * ones are reported in {@link Dataset#problems()} (and logged by the caller if it wishes).
 *
 * <p>JSONL: one JSON object per line, UTF-8; blank lines are ignored; {@code null} values are
 * absent values; other values become Java values ({@code String}, {@code Integer}/{@code Long}/
 * {@code Double}, {@code Boolean}, unmodifiable {@code List}/{@code Map}) unless the field is
 * typed. CSV: RFC 4180 with a header row, UTF-8; an unquoted empty cell is an absent value, a
 * quoted empty cell ({@code ""}) an empty string; untyped values stay text.
 *
 * <p>A loader is a mutable builder, not meant to be shared between threads.
 */
public final class DatasetLoader {

    /** The file formats. */
    enum Format {
        JSONL,
        CSV
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int MAX_VALUE_CHARS = 60;

    private final Path file;
    private final Format format;
    private final Map<String, String> sourceByField = new LinkedHashMap<>();
    private final Set<String> inputs = new LinkedHashSet<>();
    private final Set<String> required = new LinkedHashSet<>();
    private final Map<String, FieldDescriptor<?>> types = new LinkedHashMap<>();
    private boolean inputsGiven;
    private boolean skipBadRows;
    private boolean onlyKnownFields;
    private char delimiter = ',';

    DatasetLoader(Path file, Format format) {
        this.file = Objects.requireNonNull(file, "file");
        this.format = format;
    }

    /**
     * Reads a field from a differently named key (JSONL) or column (CSV):
     * {@code .field("question", "q")} makes the example's {@code question} from the file's
     * {@code q}. A source key that another mapping's field name shadows is left out.
     *
     * @param fieldName the example's field name
     * @param sourceName the key or column in the file
     * @return this loader
     */
    public DatasetLoader field(String fieldName, String sourceName) {
        Objects.requireNonNull(fieldName, "fieldName");
        Objects.requireNonNull(sourceName, "sourceName");
        for (Map.Entry<String, String> mapping : sourceByField.entrySet()) {
            if (mapping.getValue().equals(sourceName) && !mapping.getKey().equals(fieldName)) {
                throw new IllegalArgumentException(
                        "source \"" + sourceName + "\" of " + file + " is already mapped to field \"" + mapping.getKey()
                                + "\"; it cannot also be field \"" + fieldName + "\"");
            }
        }
        sourceByField.put(fieldName, sourceName);
        return this;
    }

    /**
     * Marks the input fields (after mapping). Every row must have a value for each of them.
     *
     * @param fieldNames the input field names
     * @return this loader
     */
    public DatasetLoader inputs(String... fieldNames) {
        inputs.clear();
        inputs.addAll(List.of(fieldNames));
        inputsGiven = true;
        return this;
    }

    /**
     * Makes fields mandatory (for example the labels a metric needs): a row without a value for
     * one of them is a bad row.
     *
     * @param fieldNames the field names (after mapping)
     * @return this loader
     */
    public DatasetLoader require(String... fieldNames) {
        required.addAll(List.of(fieldNames));
        return this;
    }

    /**
     * Declares the type of every field of a signature, and marks its input fields as the inputs
     * (unless {@link #inputs(String...)} says otherwise). Each value is converted with its field's
     * codec; a value that does not convert makes its row bad.
     *
     * @param signature the signature whose fields the file holds
     * @return this loader
     */
    public DatasetLoader types(SignatureDescriptor signature) {
        for (FieldDescriptor<?> field : signature.fields()) {
            types.put(field.name(), field);
        }
        if (!inputsGiven) {
            inputs.clear();
            signature.inputFields().forEach(field -> inputs.add(field.name()));
        }
        return this;
    }

    /**
     * Declares the type of some fields. Each value is converted with its field's codec; a value
     * that does not convert makes its row bad.
     *
     * @param fields the fields, by name (after mapping)
     * @return this loader
     */
    public DatasetLoader types(FieldDescriptor<?>... fields) {
        for (FieldDescriptor<?> field : fields) {
            types.put(field.name(), field);
        }
        return this;
    }

    /**
     * Keeps only the fields named by {@link #field}, {@link #inputs}, {@link #require} and
     * {@link #types}; other keys or columns of the file are left out of the examples.
     *
     * @return this loader
     */
    public DatasetLoader onlyKnownFields() {
        onlyKnownFields = true;
        return this;
    }

    /**
     * Loads the good rows and reports the bad ones in {@link Dataset#problems()} instead of
     * failing.
     *
     * @return this loader
     */
    public DatasetLoader skipBadRows() {
        skipBadRows = true;
        return this;
    }

    /**
     * Sets the CSV field delimiter ({@code '\t'} for TSV); the default is a comma.
     *
     * @param value the delimiter, not a quote or line break
     * @return this loader
     */
    public DatasetLoader delimiter(char value) {
        if (value == '"' || value == '\n' || value == '\r') {
            throw new IllegalArgumentException("a CSV delimiter cannot be a quote or a line break");
        }
        if (format != Format.CSV) {
            throw new IllegalStateException("delimiter(...) applies to CSV files; " + file + " is read as JSONL");
        }
        delimiter = value;
        return this;
    }

    /**
     * Reads the file.
     *
     * @return the dataset, in file order
     * @throws DatasetException when the file cannot be read, its CSV header is unusable, or a row
     *     is bad and {@link #skipBadRows()} was not called
     */
    public Dataset load() {
        Rows rows = new Rows();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Utf8Lines lines = new Utf8Lines(in);
            if (format == Format.JSONL) {
                readJsonl(lines, rows);
            } else {
                readCsv(lines, rows);
            }
        } catch (NoSuchFileException e) {
            throw new DatasetException(file, "Cannot load dataset " + file + ": the file does not exist", e);
        } catch (Utf8Lines.MalformedLineException e) {
            throw new DatasetException(
                    file,
                    "Cannot load dataset " + file + ":" + e.line() + ": the line is not valid UTF-8"
                            + " (save the file as UTF-8)",
                    e);
        } catch (IOException e) {
            throw new DatasetException(file, "Cannot load dataset " + file + ": " + e, e);
        }
        if (!rows.problems.isEmpty() && !skipBadRows) {
            throw new DatasetException(file, rows.count, rows.problems);
        }
        return Dataset.loaded(file.toString(), rows.examples, rows.problems);
    }

    /** What the load has produced so far. */
    private static final class Rows {
        final List<Example> examples = new ArrayList<>();
        final List<DatasetProblem> problems = new ArrayList<>();
        long count;
    }

    private void readJsonl(Utf8Lines lines, Rows rows) throws IOException {
        while (true) {
            String text;
            try {
                text = lines.next();
            } catch (Utf8Lines.MalformedLineException e) {
                rows.count++;
                rows.problems.add(problem(e.line(), null, "the line is not valid UTF-8 (save the file as UTF-8)"));
                continue;
            }
            if (text == null) {
                break;
            }
            long lineNumber = lines.line();
            text = withoutLineBreak(text);
            if (text.isBlank()) {
                continue;
            }
            rows.count++;
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                String where = e.getLocation() == null
                        ? ""
                        : " at column " + e.getLocation().getColumnNr();
                rows.problems.add(problem(lineNumber, null, "malformed JSON" + where + ": " + e.getOriginalMessage()));
                continue;
            }
            if (node == null || !node.isObject()) {
                rows.problems.add(
                        problem(lineNumber, null, "expected a JSON object, got " + kind(node) + ": " + shorten(text)));
                continue;
            }
            Map<String, Raw> raw = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                raw.put(entry.getKey(), new Raw(entry.getValue(), null));
            }
            convert(lineNumber, raw, rows);
        }
    }

    private void readCsv(Utf8Lines lines, Rows rows) throws IOException {
        CsvReader csv = new CsvReader(lines.asReader(), delimiter);
        CsvReader.Row header = csv.next();
        if (header == null) {
            throw new DatasetException(
                    file,
                    "Cannot load dataset " + file + ": the file is empty (a CSV dataset needs a header row)",
                    null);
        }
        if (header.error() != null) {
            throw new DatasetException(
                    file,
                    "Cannot load dataset " + file + ": header row (line " + header.line() + "): " + header.error(),
                    null);
        }
        List<String> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip();
            if (name.isEmpty()) {
                throw new DatasetException(
                        file,
                        "Cannot load dataset " + file + ":" + header.line() + ": column " + (i + 1)
                                + " of the header has no name",
                        null);
            }
            if (!seen.add(name)) {
                throw new DatasetException(
                        file,
                        "Cannot load dataset " + file + ":" + header.line() + ": the header names column \"" + name
                                + "\" twice",
                        null);
            }
            columns.add(name);
        }
        checkHeader(columns, header.line());
        while (true) {
            CsvReader.Row record = csv.next();
            if (record == null) {
                break;
            }
            rows.count++;
            if (record.error() != null) {
                rows.problems.add(problem(record.line(), null, record.error()));
                continue;
            }
            if (record.fields().size() != columns.size()) {
                rows.problems.add(problem(
                        record.line(),
                        null,
                        "has " + record.fields().size() + " column"
                                + (record.fields().size() == 1 ? "" : "s") + " but the header has " + columns.size()));
                continue;
            }
            Map<String, Raw> raw = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                String value = record.fields().get(i);
                boolean absent = value.isEmpty() && !record.quoted().get(i);
                raw.put(columns.get(i), new Raw(null, absent ? null : value));
            }
            convert(record.line(), raw, rows);
        }
    }

    /** Fails at once when a column every row needs is not in the CSV header: each row would be bad. */
    private void checkHeader(List<String> columns, long line) {
        Set<String> needed = new LinkedHashSet<>(inputs);
        needed.addAll(required);
        List<String> missing = new ArrayList<>();
        for (String field : needed) {
            String source = sourceByField.getOrDefault(field, field);
            if (!columns.contains(source)) {
                missing.add(
                        source.equals(field) ? "\"" + field + "\"" : "\"" + source + "\" (field \"" + field + "\")");
            }
        }
        for (Map.Entry<String, String> mapping : sourceByField.entrySet()) {
            if (!columns.contains(mapping.getValue()) && !needed.contains(mapping.getKey())) {
                missing.add("\"" + mapping.getValue() + "\" (mapped to field \"" + mapping.getKey() + "\")");
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetException(
                    file,
                    "Cannot load dataset " + file + ":" + line + ": the header has no column "
                            + String.join(", ", missing) + "; its columns are " + columns,
                    null);
        }
    }

    /** A raw value: a JSON node (JSONL) or text (CSV; null for an empty cell). */
    private record Raw(@Nullable JsonNode json, @Nullable String text) {
        boolean absent() {
            return json == null ? text == null : json.isNull() || json.isMissingNode();
        }
    }

    private void convert(long line, Map<String, Raw> raw, Rows rows) {
        Map<String, String> fieldBySource = new HashMap<>();
        sourceByField.forEach((field, source) -> fieldBySource.put(source, field));
        Map<String, Object> values = new LinkedHashMap<>();
        List<DatasetProblem> problems = new ArrayList<>();
        for (Map.Entry<String, Raw> entry : raw.entrySet()) {
            String source = entry.getKey();
            String field = fieldBySource.get(source);
            if (field == null) {
                if (sourceByField.containsKey(source) || (onlyKnownFields && !known(source))) {
                    continue;
                }
                field = source;
            }
            Raw value = entry.getValue();
            if (value.absent()) {
                continue;
            }
            FieldDescriptor<?> type = types.get(field);
            try {
                Object converted = type == null ? untyped(value) : typed(type, value);
                if (converted != null) {
                    values.put(field, converted);
                }
            } catch (ValueParseException | IllegalArgumentException e) {
                problems.add(problem(
                        line,
                        field,
                        "field \"" + field + "\"" + (source.equals(field) ? "" : " (\"" + source + "\")") + ": "
                                + shorten(display(value)) + " is not a valid "
                                + (type == null ? "value" : type.typeName()) + ": "
                                + e.getMessage()));
            }
        }
        Set<String> needed = new LinkedHashSet<>(inputs);
        needed.addAll(required);
        for (String field : needed) {
            boolean failedConversion = problems.stream().anyMatch(p -> field.equals(p.field()));
            if (!values.containsKey(field) && !failedConversion) {
                String source = sourceByField.getOrDefault(field, field);
                problems.add(problem(
                        line,
                        field,
                        "missing " + (inputs.contains(field) ? "input" : "required") + " field \"" + field + "\""
                                + (source.equals(field) ? "" : " (\"" + source + "\" in the file)")));
            }
        }
        if (!problems.isEmpty()) {
            rows.problems.addAll(problems);
            return;
        }
        Example example = Example.of(values);
        if (!inputs.isEmpty()) {
            example = example.withInputs(inputs);
        }
        rows.examples.add(example);
    }

    private boolean known(String field) {
        return inputs.contains(field) || required.contains(field) || types.containsKey(field);
    }

    private static @Nullable Object typed(FieldDescriptor<?> type, Raw value) {
        ValueCodec<?> codec = type.codec();
        if (value.json() == null) {
            // a value that is not absent and has no JSON is a CSV cell, which has text
            String text = Objects.requireNonNull(value.text(), "text");
            return codec.isText() ? text : codec.parseText(text);
        }
        if (value.json().isTextual() && !codec.isText()) {
            return codec.parseText(value.json().textValue());
        }
        return codec.fromJson(value.json());
    }

    private static @Nullable Object untyped(Raw value) {
        return value.json() == null ? value.text() : javaValue(value.json());
    }

    /** A JSON value as plain Java values; null for JSON null. */
    static @Nullable Object javaValue(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToInt()) {
                return node.intValue();
            }
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                list.add(javaValue(element));
            }
            return Collections.unmodifiableList(list);
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                map.put(entry.getKey(), javaValue(entry.getValue()));
            }
            return Collections.unmodifiableMap(map);
        }
        return node.asText();
    }

    private static String withoutLineBreak(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    private static String display(Raw value) {
        if (value.json() == null) {
            return "\"" + value.text() + "\"";
        }
        return value.json().toString();
    }

    private static String kind(@Nullable JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return Optional.ofNullable(node.getNodeType())
                .map(t -> t.name().toLowerCase(java.util.Locale.ROOT))
                .orElse("a value");
    }

    private static String shorten(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= MAX_VALUE_CHARS ? oneLine : oneLine.substring(0, MAX_VALUE_CHARS - 3) + "...";
    }

    private DatasetProblem problem(long line, @Nullable String field, String message) {
        return new DatasetProblem(file, line, field, message);
    }

    @Override
    public String toString() {
        return "DatasetLoader(" + format.name().toLowerCase(java.util.Locale.ROOT) + " " + file + ")";
    }
}
