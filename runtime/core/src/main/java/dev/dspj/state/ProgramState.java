package dev.dspj.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.Dspj;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.Prefixes;
import dev.dspj.signature.SignatureDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a program's learned state to JSON and loads it back into a program, in DSPy's layout, so
 * a file saved by DSPy's {@code program.save("x.json")} loads into the DSPJ program with the same
 * signatures, and a file DSPJ saves loads in DSPy.
 *
 * <pre>{@code
 * ProgramState.save(optimized, Path.of("qa.json"));
 * TwoHopQa fresh = new TwoHopQa();
 * ProgramState.load(fresh, Path.of("qa.json"));     // into an existing program, as DSPy's program.load
 * }</pre>
 *
 * <p>The file has one key per {@linkplain Module#namedPredictors() named predictor} ({@code self}
 * when the program is itself a predictor, {@code predict} for a chain of thought,
 * {@code generateQuery.predict}, {@code answer}...) holding
 * {@code {"traces": [], "train": [], "demos": [...], "signature": {"instructions": ..., "fields":
 * [{"prefix": ..., "description": ...}, ...]}, "lm": null or {...}}}, and a {@code "metadata"} key
 * with DSPy's {@code dependency_versions} and DSPJ's own {@code "dspj"} entry (format version, and
 * per predictor the signature's name, field names and sampling settings), which DSPy never reads.
 *
 * <ul>
 *   <li><b>Demos</b> are objects of field name to value, each value written through its field's
 *       codec (records as objects, enums by name), with {@code "augmented": true} first for demos
 *       bootstrapped from a program's own run; they load back as typed values.</li>
 *   <li><b>Fields</b> carry no names, as in DSPy: inputs then outputs, matched by position. A
 *       field without a description is written {@code "${name}"}, as DSPy does.</li>
 *   <li><b>Models</b>: {@code "lm"} is {@code null} unless a model is set on the predictor; it
 *       then names the model and its sampling settings, never an API key or a base URL. See
 *       {@link LoadOptions} for what loading does with it.</li>
 *   <li><b>Writes are atomic</b>: the JSON goes to a temporary file in the same directory, is
 *       flushed to disk, then renamed over the target, so a crash mid-save leaves the old file or
 *       the new one, never a partial one.</li>
 *   <li><b>Loads are all or nothing</b>: every predictor's state is read and checked before any
 *       predictor is changed. Errors name the predictor and the field.</li>
 * </ul>
 */
public final class ProgramState {

    /** The version of DSPJ's additions to the format that this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** The key of the file's metadata, beside the predictors' keys. */
    public static final String METADATA = "metadata";

    /** The key of DSPJ's own entry inside the metadata. */
    public static final String DSPJ = "dspj";

    /**
     * The {@code dependency_versions} written in the metadata: those of the DSPy release whose
     * layout the file follows (DSPy compares them with its own and warns on a mismatch).
     */
    public static final Map<String, String> DEPENDENCY_VERSIONS = orderedVersions();

    private static final Logger LOG = LoggerFactory.getLogger(ProgramState.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String AUGMENTED = "augmented";

    private ProgramState() {}

    private static Map<String, String> orderedVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("python", "3.11");
        versions.put("dspy", "3.3.1");
        versions.put("cloudpickle", "3.1");
        return Collections.unmodifiableMap(versions);
    }

    // ---------------------------------------------------------------- saving

    /**
     * Saves the program's state to a JSON file, atomically (see the class description). Missing
     * parent directories are created.
     *
     * @param program the program
     * @param file the file, conventionally ending in {@code .json}
     * @throws IOException when the file cannot be written (it is then left as it was)
     * @throws ProgramStateException when the program cannot be saved (two predictors with one path)
     */
    public static void save(Module program, Path file) throws IOException {
        byte[] bytes = StateJson.write(toJson(program));
        Path target = file.toAbsolutePath();
        Path directory =
                Objects.requireNonNull(target.getParent(), () -> "the program's path has no directory: " + target);
        Files.createDirectories(directory);
        Path temporary = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel =
                    FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notSupported) {
                // same directory, so a plain rename on every common file system
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // some platforms (Windows) cannot open or sync a directory; the rename is still atomic
            LOG.trace("could not sync directory {}", directory, notSupported);
        }
    }

    /**
     * The program's state as a JSON tree, in DSPy's layout with DSPJ's metadata.
     *
     * @param program the program
     * @return the state
     * @throws ProgramStateException when two predictors have one path, or a path is {@code metadata}
     */
    public static ObjectNode toJson(Module program) {
        ObjectNode root = NODES.objectNode();
        ObjectNode dspjPredictors = NODES.objectNode();
        for (NamedPredictor named : program.namedPredictors()) {
            String path = named.name();
            if (path.equals(METADATA)) {
                throw new ProgramStateException(
                        "cannot save predictor '" + path + "': the path '" + METADATA
                                + "' is the file's metadata key; rename the field that holds it",
                        path,
                        null,
                        null);
            }
            if (root.has(path)) {
                throw new ProgramStateException(
                        "cannot save: two predictors have the path '" + path + "'", path, null, null);
            }
            Predict predict = named.predictor();
            root.set(path, predictorToJson(predict));
            dspjPredictors.set(path, dspjEntry(predict));
        }
        ObjectNode metadata = root.putObject(METADATA);
        ObjectNode versions = metadata.putObject("dependency_versions");
        DEPENDENCY_VERSIONS.forEach(versions::put);
        ObjectNode dspj = metadata.putObject(DSPJ);
        dspj.put("format_version", FORMAT_VERSION);
        dspj.set("predictors", dspjPredictors);
        return root;
    }

    private static ObjectNode predictorToJson(Predict predict) {
        SignatureDescriptor signature = predict.signature();
        ObjectNode state = NODES.objectNode();
        state.putArray("traces");
        state.putArray("train");
        ArrayNode demos = state.putArray("demos");
        boolean augmentedIsAField = signature.field(AUGMENTED).isPresent();
        for (Example demo : predict.demos()) {
            ObjectNode json = demos.addObject();
            if (demo.augmented() && !augmentedIsAField) {
                json.put(AUGMENTED, true);
            }
            demo.values()
                    .forEach((key, value) ->
                            json.set(key, DemoValues.toJson(signature.field(key).orElse(null), value)));
        }
        ObjectNode signatureJson = state.putObject("signature");
        signatureJson.put("instructions", signature.instructions());
        ArrayNode fields = signatureJson.putArray("fields");
        for (FieldDescriptor<?> field : signature.fields()) {
            ObjectNode json = fields.addObject();
            json.put("prefix", field.prefix());
            json.put("description", field.description().isEmpty() ? defaultDescription(field) : field.description());
        }
        Optional<LanguageModel> model = predict.model();
        if (model.isPresent()) {
            state.set("lm", LmState.lmToJson(model.get(), predict.settings()));
        } else {
            state.putNull("lm");
        }
        return state;
    }

    private static ObjectNode dspjEntry(Predict predict) {
        ObjectNode entry = NODES.objectNode();
        entry.put("signature", predict.signature().name());
        ArrayNode names = entry.putArray("fields");
        predict.signature().fields().forEach(field -> names.add(field.name()));
        if (!LmSettings.DEFAULTS.equals(predict.settings())) {
            entry.set("settings", LmState.settingsToJson(predict.settings()));
        }
        return entry;
    }

    /** What DSPy stores for a field declared without a description. */
    private static String defaultDescription(FieldDescriptor<?> field) {
        return "${" + field.name() + "}";
    }

    // ---------------------------------------------------------------- loading

    /**
     * Loads a saved state into an existing program, as DSPy's {@code program.load(path)}: each
     * predictor gets the saved demos, instructions, field prefixes and descriptions, and sampling
     * settings. The program keeps its models (see {@link LoadOptions}).
     *
     * @param program the program, with the same predictors and signatures as the saved one
     * @param file the JSON file
     * @throws IOException when the file cannot be read
     * @throws ProgramStateException when the file is not valid JSON, was saved for other
     *     predictors or signatures, or by a newer DSPJ; the program is then unchanged
     */
    public static void load(Module program, Path file) throws IOException {
        load(program, file, LoadOptions.DEFAULTS);
    }

    /**
     * Loads a saved state into an existing program, with options.
     *
     * @param program the program, with the same predictors and signatures as the saved one
     * @param file the JSON file
     * @param options how models and changed prefixes are handled
     * @throws IOException when the file cannot be read
     * @throws ProgramStateException when the file is not valid JSON, was saved for other
     *     predictors or signatures, or by a newer DSPJ; the program is then unchanged
     */
    public static void load(Module program, Path file, LoadOptions options) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            fromJson(program, StateJson.read(bytes), options);
        } catch (ProgramStateException e) {
            throw e.inFile(file);
        }
    }

    /**
     * Loads a state tree into an existing program (see {@link #load(Module, Path)}).
     *
     * @param program the program
     * @param state the state, as {@link #toJson(Module)} or DSPy's {@code dump_state()} writes it
     *     (the {@code metadata} key is optional)
     * @throws ProgramStateException when the state does not fit the program; it is then unchanged
     */
    public static void fromJson(Module program, JsonNode state) {
        fromJson(program, state, LoadOptions.DEFAULTS);
    }

    /**
     * Loads a state tree into an existing program, with options.
     *
     * @param program the program
     * @param state the state
     * @param options how models and changed prefixes are handled
     * @throws ProgramStateException when the state does not fit the program; it is then unchanged
     */
    public static void fromJson(Module program, JsonNode state, LoadOptions options) {
        if (state == null || !state.isObject()) {
            throw new ProgramStateException(
                    "a saved program is a JSON object with one key per predictor, got " + describe(state),
                    null,
                    null,
                    null);
        }
        JsonNode dspj = dspjMetadata(state);
        List<NamedPredictor> predictors = program.namedPredictors();
        checkKeys(program, state, predictors);
        List<Runnable> updates = new ArrayList<>();
        for (NamedPredictor named : predictors) {
            JsonNode entry = dspj.path("predictors").path(named.name());
            updates.add(readPredictor(named, state.get(named.name()), entry.isObject() ? entry : null, options));
        }
        updates.forEach(Runnable::run);
    }

    /** DSPJ's metadata, checked for its format version; a missing node when the file has none (DSPy's). */
    private static JsonNode dspjMetadata(JsonNode state) {
        JsonNode dspj = state.path(METADATA).path(DSPJ);
        if (dspj.isMissingNode() || dspj.isNull()) {
            return dspj;
        }
        JsonNode version = dspj.path("format_version");
        if (!version.isIntegralNumber()) {
            throw new ProgramStateException(
                    "metadata.dspj.format_version must be an integer, got " + describe(version),
                    null,
                    "metadata.dspj.format_version",
                    null);
        }
        if (version.intValue() > FORMAT_VERSION) {
            throw new ProgramStateException(
                    "the file was saved by a newer DSPJ (state format version "
                            + version.intValue() + "); this DSPJ reads format version " + FORMAT_VERSION
                            + " and older: upgrade DSPJ to load it",
                    null,
                    "metadata.dspj.format_version",
                    null);
        }
        return dspj;
    }

    private static void checkKeys(Module program, JsonNode state, List<NamedPredictor> predictors) {
        Set<String> paths = new LinkedHashSet<>();
        for (NamedPredictor named : predictors) {
            if (!paths.add(named.name())) {
                throw new ProgramStateException(
                        "cannot load: two predictors of the program have the path '" + named.name() + "'",
                        named.name(),
                        null,
                        null);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String path : paths) {
            if (!state.has(path)) {
                missing.add(path);
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String key : (Iterable<String>) state::fieldNames) {
            if (!key.equals(METADATA) && !paths.contains(key)) {
                unknown.add(key);
            }
        }
        if (missing.isEmpty() && unknown.isEmpty()) {
            return;
        }
        List<String> saved = new ArrayList<>();
        state.fieldNames().forEachRemaining(key -> {
            if (!key.equals(METADATA)) {
                saved.add(key);
            }
        });
        StringBuilder message = new StringBuilder("the saved predictors " + saved + " do not match the predictors "
                + paths + " of " + describe(program) + ":");
        if (!missing.isEmpty()) {
            message.append(" no state for ").append(quoted(missing)).append(';');
        }
        if (!unknown.isEmpty()) {
            message.append(" state for ")
                    .append(quoted(unknown))
                    .append(", which ")
                    .append(unknown.size() == 1 ? "is not a predictor" : "are not predictors")
                    .append(" of the program;");
        }
        message.append(" was the file saved for another program, or were fields renamed?");
        String first = !missing.isEmpty() ? missing.get(0) : unknown.get(0);
        throw new ProgramStateException(message.toString(), first, null, null);
    }

    /** Reads and checks one predictor's state; returns what applies it. */
    private static Runnable readPredictor(
            NamedPredictor named, JsonNode state, @Nullable JsonNode dspjEntry, LoadOptions options) {
        String path = named.name();
        Predict predict = named.predictor();
        if (!state.isObject()) {
            throw new ProgramStateException(
                    "predictor '" + path + "': its state must be a JSON object, got " + describe(state),
                    path,
                    null,
                    null);
        }
        if (!state.has("signature") && (state.has("signature_instructions") || state.has("extended_signature"))) {
            throw new ProgramStateException(
                    "predictor '" + path + "' was saved by DSPy 2.5 or older "
                            + "(signature_instructions instead of signature), which DSPJ does not read; load and save it again "
                            + "with DSPy 2.6 or newer",
                    path,
                    "signature",
                    null);
        }
        SignatureDescriptor signature =
                readSignature(path, predict.signature(), required(state, "signature", path), dspjEntry, options);
        List<Example> demos = readDemos(path, signature, required(state, "demos", path));
        LmSettings settings = readSettings(path, state.get("lm"), dspjEntry);
        Optional<LanguageModel> model = readModel(path, predict, state.get("lm"), options);
        return () -> {
            predict.setSignature(signature);
            predict.setDemos(demos);
            if (settings != null) {
                predict.setSettings(settings);
            }
            model.ifPresent(predict::setModel);
        };
    }

    private static SignatureDescriptor readSignature(
            String path,
            SignatureDescriptor current,
            JsonNode json,
            @Nullable JsonNode dspjEntry,
            LoadOptions options) {
        if (!json.isObject()) {
            throw new ProgramStateException(
                    "predictor '" + path + "': signature must be an object with instructions " + "and fields, got "
                            + describe(json),
                    path,
                    "signature",
                    null);
        }
        JsonNode instructions = required(json, "instructions", path);
        if (!instructions.isTextual()) {
            throw new ProgramStateException(
                    "predictor '" + path + "': signature.instructions must be text, got " + describe(instructions),
                    path,
                    "signature.instructions",
                    null);
        }
        JsonNode fields = required(json, "fields", path);
        List<FieldDescriptor<?>> expected = current.fields();
        if (!fields.isArray() || fields.size() != expected.size()) {
            throw new ProgramStateException(
                    "predictor '" + path + "': the file's signature has "
                            + (fields.isArray() ? fields.size() + " fields" : "no field list") + " but "
                            + current.name()
                            + " has " + expected.size() + " " + names(expected)
                            + "; the file was saved for a different signature",
                    path,
                    "signature.fields",
                    null);
        }
        List<String> savedNames = savedFieldNames(path, dspjEntry);
        if (savedNames != null && dspjEntry != null) { // saved names come from the entry: both or neither
            checkFieldNames(path, current, savedNames);
            String savedSignature = dspjEntry.path("signature").asText("");
            if (!savedSignature.isEmpty() && !savedSignature.equals(current.name())) {
                LOG.info(
                        "predictor '{}' was saved for signature {} and loads into {}, which has the same fields",
                        path,
                        savedSignature,
                        current.name());
            }
        }
        SignatureDescriptor loaded = current;
        for (int i = 0; i < expected.size(); i++) {
            FieldDescriptor<?> field = expected.get(i);
            JsonNode saved = fields.get(i);
            if (!saved.isObject()
                    || !saved.path("prefix").isTextual()
                    || !saved.path("description").isTextual()) {
                throw new ProgramStateException(
                        "predictor '" + path + "', field '" + field.name() + "': field "
                                + (i + 1) + " of the file must be an object with a text prefix and description, got "
                                + describe(saved),
                        path,
                        field.name(),
                        null);
            }
            String prefix = saved.get("prefix").textValue();
            String description = saved.get("description").textValue();
            if (savedNames == null && !options.changedPrefixesAllowed() && !prefixFits(prefix, field)) {
                throw new ProgramStateException(
                        "predictor '" + path + "', field '" + field.name() + "': field "
                                + (i + 1) + " of the file has the prefix \"" + prefix + "\" but field '" + field.name()
                                + "' of "
                                + current.name() + " has \"" + field.prefix()
                                + "\"; the file was saved for a different "
                                + "signature " + names(expected)
                                + " (to accept prefixes an optimizer changed, load with "
                                + "LoadOptions.DEFAULTS.withChangedPrefixesAllowed(true))",
                        path,
                        field.name(),
                        null);
            }
            String loadedDescription = description.equals(defaultDescription(field)) ? "" : description;
            loaded = loaded.withField(field.withPrefix(prefix).withDescription(loadedDescription));
        }
        return loaded.withInstructions(instructions.textValue());
    }

    private static @Nullable List<String> savedFieldNames(String path, @Nullable JsonNode dspjEntry) {
        if (dspjEntry == null || !dspjEntry.path("fields").isArray()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : dspjEntry.get("fields")) {
            if (!name.isTextual()) {
                throw new ProgramStateException(
                        "predictor '" + path + "': metadata.dspj field names must be text, got " + describe(name),
                        path,
                        "metadata.dspj.predictors",
                        null);
            }
            names.add(name.textValue());
        }
        return names;
    }

    private static void checkFieldNames(String path, SignatureDescriptor current, List<String> savedNames) {
        List<FieldDescriptor<?>> expected = current.fields();
        for (int i = 0; i < Math.min(savedNames.size(), expected.size()); i++) {
            if (!savedNames.get(i).equals(expected.get(i).name())) {
                throw new ProgramStateException(
                        "predictor '" + path + "', field '" + expected.get(i).name()
                                + "': field " + (i + 1) + " of the file is '" + savedNames.get(i) + "' but field "
                                + (i + 1)
                                + " of " + current.name() + " is '"
                                + expected.get(i).name() + "'; the file was saved for "
                                + "the fields " + savedNames + ", not " + names(expected),
                        path,
                        expected.get(i).name(),
                        null);
            }
        }
        if (savedNames.size() != expected.size()) {
            throw new ProgramStateException(
                    "predictor '" + path + "': the file was saved for the fields " + savedNames + " but "
                            + current.name() + " has " + names(expected),
                    path,
                    "signature.fields",
                    null);
        }
    }

    /** A saved prefix fits a field when it is the field's prefix or the one inferred from its name. */
    private static boolean prefixFits(String saved, FieldDescriptor<?> field) {
        String normalized = normalizePrefix(saved);
        return normalized.equals(normalizePrefix(field.prefix()))
                || normalized.equals(normalizePrefix(Prefixes.infer(field.name())));
    }

    private static String normalizePrefix(String prefix) {
        String s = prefix.strip().toLowerCase(Locale.ROOT);
        return s.endsWith(":") ? s.substring(0, s.length() - 1).strip() : s;
    }

    private static List<Example> readDemos(String path, SignatureDescriptor signature, JsonNode json) {
        if (!json.isArray()) {
            throw new ProgramStateException(
                    "predictor '" + path + "': demos must be a list, got " + describe(json), path, "demos", null);
        }
        boolean augmentedIsAField = signature.field(AUGMENTED).isPresent();
        List<String> inputs =
                signature.inputFields().stream().map(FieldDescriptor::name).toList();
        List<Example> demos = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            JsonNode demo = json.get(i);
            if (!demo.isObject()) {
                throw new ProgramStateException(
                        "predictor '" + path + "': demo " + (i + 1) + " must be an object of "
                                + "field name to value, got " + describe(demo),
                        path,
                        "demos",
                        null);
            }
            Map<String, Object> values = new LinkedHashMap<>();
            boolean augmented = false;
            for (Map.Entry<String, JsonNode> entry : demo.properties()) {
                String key = entry.getKey();
                if (key.equals(AUGMENTED) && !augmentedIsAField) {
                    augmented = entry.getValue().asBoolean(false);
                    continue;
                }
                Optional<FieldDescriptor<?>> field = signature.field(key);
                try {
                    values.put(
                            key,
                            field.isPresent()
                                    ? DemoValues.fromJson(field.get(), entry.getValue())
                                    : DemoValues.plainFromJson(entry.getValue()));
                } catch (RuntimeException bad) {
                    String type = field.map(FieldDescriptor::typeName).orElse("value");
                    throw new ProgramStateException(
                            "predictor '" + path + "', field '" + key + "': demo " + (i + 1)
                                    + " has " + describe(entry.getValue()) + ", which is not a " + type + ": "
                                    + bad.getMessage(),
                            path,
                            key,
                            bad);
                }
            }
            demos.add(Example.of(values).withInputs(inputs).withAugmented(augmented));
        }
        return demos;
    }

    /**
     * The settings to set: DSPJ's own when the file has DSPJ metadata for the predictor (none
     * written means the defaults), else the keyword arguments of DSPy's LM entry; {@code null}
     * (leave the predictor's settings) for a DSPy file with no LM.
     */
    private static @Nullable LmSettings readSettings(String path, @Nullable JsonNode lm, @Nullable JsonNode dspjEntry) {
        List<String> unknown = new ArrayList<>();
        if (dspjEntry != null) {
            JsonNode settings = dspjEntry.get("settings");
            if (settings == null || settings.isNull()) {
                return LmSettings.DEFAULTS;
            }
            if (!settings.isObject()) {
                throw new ProgramStateException(
                        "predictor '" + path + "': metadata.dspj settings must be an object, got " + describe(settings),
                        path,
                        "settings",
                        null);
            }
            LmSettings read = LmState.settingsFromJson(settings, path, "settings", unknown);
            if (!unknown.isEmpty()) {
                LOG.warn("predictor '{}': ignoring settings DSPJ does not know: {}", path, unknown);
            }
            return read;
        }
        if (lm == null || lm.isNull()) {
            return null;
        }
        if (!lm.isObject()) {
            throw new ProgramStateException(
                    "predictor '" + path + "': lm must be null or an object, got " + describe(lm), path, "lm", null);
        }
        LmSettings read = LmState.settingsFromJson(lm, path, "lm", unknown);
        List<String> endpoints = unknown.stream().filter(LmState::isEndpointKey).toList();
        if (!endpoints.isEmpty()) {
            LOG.warn(
                    "predictor '{}': ignoring {} in the saved LM: DSPJ never takes endpoints or keys from a file",
                    path,
                    endpoints);
        }
        return read;
    }

    /** The model to set, when the options recreate saved models and the predictor's differs. */
    private static Optional<LanguageModel> readModel(
            String path, Predict predict, @Nullable JsonNode lm, LoadOptions options) {
        if (lm == null || !lm.isObject()) {
            return Optional.empty();
        }
        JsonNode modelName = lm.get("model");
        if (modelName == null || !modelName.isTextual() || modelName.textValue().isBlank()) {
            throw new ProgramStateException(
                    "predictor '" + path + "': lm.model must name the model, got " + describe(modelName),
                    path,
                    "lm.model",
                    null);
        }
        String name = modelName.textValue();
        Optional<String> current =
                predict.model().or(ProgramState::defaultModel).map(LanguageModel::modelName);
        if (current.isPresent() && current.get().equals(name)) {
            return Optional.empty();
        }
        if (options.models().isEmpty()) {
            LOG.info(
                    "predictor '{}' was saved with the model {} and keeps using {}; load with "
                            + "LoadOptions.DEFAULTS.withModels(LanguageModels::of) to use the saved model",
                    path,
                    name,
                    current.orElse("the default model"));
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Objects.requireNonNull(options.models().get().apply(name), "the model factory returned null"));
        } catch (RuntimeException failed) {
            throw new ProgramStateException(
                    "predictor '" + path + "': could not create the saved model " + name + ": " + failed.getMessage(),
                    path,
                    "lm.model",
                    failed);
        }
    }

    /** The process-wide default model, if one is configured; a misconfigured DSPJ_LM never fails a load. */
    private static Optional<LanguageModel> defaultModel() {
        try {
            return Dspj.defaultModel();
        } catch (RuntimeException misconfigured) {
            return Optional.empty();
        }
    }

    private static JsonNode required(JsonNode object, String key, String path) {
        JsonNode value = object.get(key);
        if (value == null) {
            throw new ProgramStateException(
                    "predictor '" + path + "': the state has no \"" + key + "\" (it has " + quoted(fieldNames(object))
                            + ")",
                    path,
                    key,
                    null);
        }
        return value;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String names(List<FieldDescriptor<?>> fields) {
        return fields.stream().map(FieldDescriptor::name).toList().toString();
    }

    private static String quoted(List<String> keys) {
        return String.join(", ", keys.stream().map(k -> "'" + k + "'").toList());
    }

    private static String describe(Module program) {
        return program.getClass().getSimpleName().isEmpty()
                ? program.getClass().getName()
                : program.getClass().getSimpleName();
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
