package dev.dspj.variable.tune;

import dev.dspj.adapter.Adapter;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.adapter.XmlAdapter;
import dev.dspj.lm.LanguageModel;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.Module;
import dev.dspj.module.NamedModule;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.PredictorKind;
import dev.dspj.retrieve.Retrieve;
import dev.dspj.retrieve.Retriever;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The variables every predictor carries without any annotation: its adapter, its module kind
 * (plain prediction or chain of thought), its model, its temperature and how many of its demos it
 * keeps. Choose which to search and their ranges; by default one variable of each kind is shared
 * by all the program's predictors ({@code adapter}, {@code module}, {@code model},
 * {@code temperature}, {@code demos}); {@link #perPredictor()} gives each predictor its own
 * ({@code answer.adapter}, {@code generate_query.predict.temperature}, ...).
 *
 * <pre>{@code
 * BuiltInVariables builtIns = BuiltInVariables.none()
 *         .adapters("chat", "json", "xml")
 *         .modules(PredictorKind.PREDICT, PredictorKind.CHAIN_OF_THOUGHT)
 *         .models(Map.of("sim-small", small, "sim-large", large))
 *         .temperature(0.0, 1.5)
 *         .demos(0, 4);
 * }</pre>
 *
 * <p>Applying a configuration to a predictor: the adapter is set; the module kind adds or removes
 * the {@code reasoning} output in front of the others (what {@link ChainOfThought} does); the model
 * is set to the named model; the temperature replaces the one in the predictor's settings; the
 * predictor keeps its first {@code demos} demos (give it demos first, for example with
 * {@code LabeledFewShot}, or compose the search with a prompt optimizer that bootstraps them).
 */
public final class BuiltInVariables {

    /** Name of the adapter variable. */
    public static final String ADAPTER = "adapter";
    /** Name of the module-kind variable. */
    public static final String MODULE = "module";
    /** Name of the model variable. */
    public static final String MODEL = "model";
    /** Name of the temperature variable. */
    public static final String TEMPERATURE = "temperature";
    /** Name of the demo-count variable. */
    public static final String DEMOS = "demos";
    /** Name of the variable of how many passages a {@link Retrieve} step returns. */
    public static final String K = "k";
    /** Name of the variable of which search a {@link Retrieve} step runs. */
    public static final String RETRIEVER = "retriever";

    private static final Map<String, Adapter> STANDARD_ADAPTERS =
            Map.of("chat", ChatAdapter.INSTANCE, "json", JsonAdapter.INSTANCE, "xml", XmlAdapter.INSTANCE);

    private final Map<String, Adapter> adapters;
    private final List<PredictorKind> modules;
    private final Map<String, LanguageModel> models;
    private final double @Nullable [] temperature;
    private final long @Nullable [] demos;
    private final boolean perPredictor;
    private final Map<String, Retriever> retrievers;
    private final long @Nullable [] retrieveK;

    private BuiltInVariables(
            Map<String, Adapter> adapters,
            List<PredictorKind> modules,
            Map<String, LanguageModel> models,
            double @Nullable [] temperature,
            long @Nullable [] demos,
            boolean perPredictor,
            Map<String, Retriever> retrievers,
            long @Nullable [] retrieveK) {
        this.adapters = adapters;
        this.modules = modules;
        this.models = models;
        this.temperature = temperature;
        this.demos = demos;
        this.perPredictor = perPredictor;
        this.retrievers = retrievers;
        this.retrieveK = retrieveK;
    }

    /**
     * No built-in variable searched.
     *
     * @return the empty selection
     */
    public static BuiltInVariables none() {
        return new BuiltInVariables(Map.of(), List.of(), Map.of(), null, null, false, Map.of(), null);
    }

    /**
     * The built-in variables a configuration sets, recovered from the configuration alone, so that
     * a configuration saved by a search (its plain JSON) can be {@linkplain #apply(dev.dspj.module.Module,
     * Configuration) applied} in another process without rebuilding the search's
     * {@code BuiltInVariables} by hand:
     *
     * <pre>{@code
     * Configuration chosen = Configuration.fromJson(Files.readString(Path.of("chosen.json")));
     * BuiltInVariables.fromConfiguration(chosen, Map.of("sim-small", small, "sim-large", large))
     *         .apply(program, chosen);
     * }</pre>
     *
     * <p>The variable names "adapter", "module", "model", "temperature", "demos", "k" and
     * "retriever" are read as shared built-in variables; when none of them is present, names
     * ending in {@code .adapter}, {@code .module}, ... are read as {@linkplain #perPredictor()
     * per-predictor} ones. Adapters are DSPJ's standard ones ({@code chat}, {@code json},
     * {@code xml}; call {@link #adapters(Map)} on the result for your own). Other names (a program's
     * declared variables) are ignored; remove a declared variable that has a built-in's name first
     * ({@link Configuration#without(String)}).
     *
     * @param configuration the configuration, for example read with {@link Configuration#fromJson(String)}
     * @param models the models by the names the configuration uses; may be empty when it names none
     * @return built-in variables whose {@code apply} sets what the configuration names
     * @throws IllegalArgumentException when the configuration names a model not given, an adapter
     *     that is not a standard one, or an unknown module kind, or mixes shared and per-predictor
     *     built-in names
     */
    public static BuiltInVariables fromConfiguration(Configuration configuration, Map<String, LanguageModel> models) {
        return fromConfiguration(configuration, models, Map.of());
    }

    /**
     * {@link #fromConfiguration(Configuration, Map)} for a configuration that also sets the
     * program's {@link Retrieve} steps, {@value #K} and {@value #RETRIEVER} (or {@code
     * retrieve.k}, ... per step), with the retrievers by the names it uses.
     *
     * @param configuration the configuration
     * @param models the models by the names the configuration uses; may be empty when it names none
     * @param retrievers the retrievers by the names the configuration uses; may be empty when it
     *     names none
     * @return built-in variables whose {@code apply} sets what the configuration names
     * @throws IllegalArgumentException as {@link #fromConfiguration(Configuration, Map)}, and when
     *     the configuration names a retriever not given
     */
    public static BuiltInVariables fromConfiguration(
            Configuration configuration,
            Map<String, LanguageModel> models,
            Map<String, ? extends Retriever> retrievers) {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(retrievers, "retrievers");
        List<String> all = List.of(ADAPTER, MODULE, MODEL, TEMPERATURE, DEMOS, K, RETRIEVER);
        boolean shared = all.stream().anyMatch(configuration::has);
        List<String> perPredictorNames = configuration.names().stream()
                .filter(n -> all.stream().anyMatch(b -> n.endsWith("." + b)))
                .toList();
        if (shared && !perPredictorNames.isEmpty()) {
            throw new IllegalArgumentException("the configuration mixes shared built-in variables "
                    + all.stream().filter(configuration::has).toList() + " with per-predictor ones " + perPredictorNames
                    + "; a search makes one or the other");
        }
        List<String> names = shared ? all.stream().filter(configuration::has).toList() : perPredictorNames;
        BuiltInVariables result = shared || names.isEmpty() ? none() : none().perPredictor();
        for (String kind : all) {
            List<String> named = names.stream()
                    .filter(n -> n.equals(kind) || n.endsWith("." + kind))
                    .toList();
            if (named.isEmpty()) {
                continue;
            }
            switch (kind) {
                case ADAPTER -> {
                    for (String name : named) {
                        String adapter = configuration.getString(name);
                        if (!STANDARD_ADAPTERS.containsKey(adapter)) {
                            throw new IllegalArgumentException(
                                    "'" + name + "' names the adapter '" + adapter
                                            + "', not a standard one (chat, json, xml); call adapters(Map) on the result with it");
                        }
                    }
                    result = result.adapters("chat", "json", "xml");
                }
                case MODULE -> {
                    List<String> kinds =
                            List.of(kindName(PredictorKind.PREDICT), kindName(PredictorKind.CHAIN_OF_THOUGHT));
                    for (String name : named) {
                        if (!kinds.contains(configuration.getString(name))) {
                            throw new IllegalArgumentException("'" + name + "' names the module kind '"
                                    + configuration.getString(name) + "'; the kinds are " + kinds);
                        }
                    }
                    result = result.modules(PredictorKind.PREDICT, PredictorKind.CHAIN_OF_THOUGHT);
                }
                case MODEL -> {
                    List<String> missing = named.stream()
                            .map(configuration::getString)
                            .filter(m -> !models.containsKey(m))
                            .distinct()
                            .toList();
                    if (!missing.isEmpty()) {
                        throw new IllegalArgumentException("the configuration names the model(s) " + missing
                                + " but the models given are " + models.keySet() + "; pass each by that name");
                    }
                    result = result.models(models);
                }
                case TEMPERATURE -> result = result.temperature(0, 2);
                case K ->
                    result = result.retrieveK(
                            1,
                            Math.max(
                                    1,
                                    named.stream()
                                            .mapToInt(configuration::getInt)
                                            .max()
                                            .orElse(1)));
                case RETRIEVER -> {
                    List<String> missing = named.stream()
                            .map(configuration::getString)
                            .filter(r -> !retrievers.containsKey(r))
                            .distinct()
                            .toList();
                    if (!missing.isEmpty()) {
                        throw new IllegalArgumentException("the configuration names the retriever(s) " + missing
                                + " but the retrievers given are " + retrievers.keySet()
                                + "; pass each by that name");
                    }
                    result = result.retrievers(retrievers);
                }
                default ->
                    result = result.demos(
                            0,
                            named.stream().mapToInt(configuration::getInt).max().orElse(0));
            }
        }
        return result;
    }

    /**
     * Searches the adapter among DSPJ's standard ones: {@code chat} (DSPy's Chat adapter, falling
     * back to JSON), {@code json}, {@code xml}.
     *
     * @param names the adapters to try, at least one
     * @return the changed copy
     */
    public BuiltInVariables adapters(String... names) {
        Map<String, Adapter> chosen = new LinkedHashMap<>();
        for (String name : names) {
            Adapter adapter = STANDARD_ADAPTERS.get(name.toLowerCase(Locale.ROOT));
            if (adapter == null) {
                throw new IllegalArgumentException("unknown adapter '" + name
                        + "'; the standard ones are chat, json, xml" + " (pass others with adapters(Map))");
            }
            chosen.put(name.toLowerCase(Locale.ROOT), adapter);
        }
        return adapters(chosen);
    }

    /**
     * Searches the adapter among your own, by name.
     *
     * @param named the adapters by the name used in configurations, at least one
     * @return the changed copy
     */
    public BuiltInVariables adapters(Map<String, Adapter> named) {
        requireSome(named.keySet(), ADAPTER);
        return new BuiltInVariables(
                new LinkedHashMap<>(named), modules, models, temperature, demos, perPredictor, retrievers, retrieveK);
    }

    /**
     * Searches the module kind: {@code predict} and/or {@code chain_of_thought}.
     *
     * @param kinds the kinds to try, at least one
     * @return the changed copy
     */
    public BuiltInVariables modules(PredictorKind... kinds) {
        requireSome(List.of(kinds), MODULE);
        return new BuiltInVariables(
                adapters, List.of(kinds), models, temperature, demos, perPredictor, retrievers, retrieveK);
    }

    /**
     * Searches the model among named models.
     *
     * @param named the models by the name used in configurations and reports, in order, at least one
     * @return the changed copy
     */
    public BuiltInVariables models(Map<String, LanguageModel> named) {
        requireSome(named.keySet(), MODEL);
        named.forEach((name, model) -> Objects.requireNonNull(model, "model '" + name + "'"));
        return new BuiltInVariables(
                adapters, modules, new LinkedHashMap<>(named), temperature, demos, perPredictor, retrievers, retrieveK);
    }

    /**
     * Searches the temperature in a range.
     *
     * @param min the lowest temperature, at least 0
     * @param max the highest, at most 2
     * @return the changed copy
     */
    public BuiltInVariables temperature(double min, double max) {
        if (min < 0 || max > 2 || min > max) {
            throw new IllegalArgumentException(
                    "temperature range must satisfy 0 <= min <= max <= 2, got [" + min + ", " + max + "]");
        }
        return new BuiltInVariables(
                adapters, modules, models, new double[] {min, max}, demos, perPredictor, retrievers, retrieveK);
    }

    /**
     * Searches how many of its demos each predictor keeps.
     *
     * @param min the fewest, at least 0
     * @param max the most
     * @return the changed copy
     */
    public BuiltInVariables demos(int min, int max) {
        if (min < 0 || min > max) {
            throw new IllegalArgumentException(
                    "demos range must satisfy 0 <= min <= max, got [" + min + ", " + max + "]");
        }
        return new BuiltInVariables(
                adapters, modules, models, temperature, new long[] {min, max}, perPredictor, retrievers, retrieveK);
    }

    /**
     * Gives each predictor its own variables, named after its path, instead of one shared set.
     *
     * @return the changed copy
     */
    public BuiltInVariables perPredictor() {
        return new BuiltInVariables(adapters, modules, models, temperature, demos, true, retrievers, retrieveK);
    }

    /**
     * Searches how many passages each {@link Retrieve} step of the program returns ({@code k}).
     *
     * @param min the fewest, at least 1
     * @param max the most
     * @return the changed copy
     */
    public BuiltInVariables retrieveK(int min, int max) {
        if (min < 1 || min > max) {
            throw new IllegalArgumentException("k range must satisfy 1 <= min <= max, got [" + min + ", " + max + "]");
        }
        return new BuiltInVariables(
                adapters, modules, models, temperature, demos, perPredictor, retrievers, new long[] {min, max});
    }

    /**
     * Searches which search each {@link Retrieve} step of the program runs, among named
     * retrievers (a BM25 index, a dense index, a hybrid of both).
     *
     * @param named the retrievers by the name used in configurations and reports, in order, at
     *     least one
     * @return the changed copy
     */
    public BuiltInVariables retrievers(Map<String, ? extends Retriever> named) {
        requireSome(named.keySet(), RETRIEVER);
        named.forEach((name, retriever) -> Objects.requireNonNull(retriever, "retriever '" + name + "'"));
        return new BuiltInVariables(
                adapters, modules, models, temperature, demos, perPredictor, new LinkedHashMap<>(named), retrieveK);
    }

    /**
     * The named retrievers.
     *
     * @return the retrievers by name
     */
    public Map<String, Retriever> retrievers() {
        return retrievers;
    }

    /**
     * Whether any built-in variable is searched.
     *
     * @return true when at least one is
     */
    public boolean any() {
        return !adapters.isEmpty()
                || !modules.isEmpty()
                || !models.isEmpty()
                || temperature != null
                || demos != null
                || retrieval();
    }

    /** Whether a variable of the program's {@link Retrieve} steps is searched. */
    private boolean retrieval() {
        return retrieveK != null || !retrievers.isEmpty();
    }

    /**
     * The variables for a program: those of its predictors ({@link #space(List)}) and, when
     * {@link #retrieveK} or {@link #retrievers} is selected, those of its {@link Retrieve} steps
     * ({@code k} and {@code retriever} shared by all, or {@code retrieve.k}, {@code hops[1].k} ...
     * {@linkplain #perPredictor() per step}), each defaulting to the first step's current setting.
     *
     * @param program the program
     * @return the space of the selected built-in variables
     * @throws IllegalArgumentException when a retrieval variable is selected and the program holds
     *     no {@code Retrieve} step
     */
    public VariableSpace space(Module program) {
        VariableSpace predictors = space(program.namedPredictors());
        if (!retrieval()) {
            return predictors;
        }
        List<NamedRetrieve> steps = retrieveSteps(program);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("the built-in variables " + retrievalNames()
                    + " are selected, but " + program.getClass().getSimpleName()
                    + " holds no Retrieve step (a Retrieve field of an @Program class, or of a program inside it)");
        }
        List<Variable> variables = new ArrayList<>(predictors.variables());
        if (perPredictor) {
            for (NamedRetrieve step : steps) {
                variables.addAll(retrievalVariablesFor(step.path() + ".", step.retrieve()));
            }
        } else {
            variables.addAll(retrievalVariablesFor("", steps.get(0).retrieve()));
        }
        return VariableSpace.of(variables);
    }

    /**
     * Sets the built-in variables of a configuration on a program: on its predictors as
     * {@link #apply(List, Configuration, UnaryOperator)} does, and on its {@link Retrieve} steps.
     *
     * @param program the program
     * @param configuration the configuration (names it does not know are ignored)
     * @param modelWrapper applied to each model before it is set; identity for none
     * @throws IllegalArgumentException when the configuration names an adapter, model or retriever
     *     these built-in variables do not have
     */
    public void apply(Module program, Configuration configuration, UnaryOperator<LanguageModel> modelWrapper) {
        apply(program.namedPredictors(), configuration, modelWrapper);
        if (!retrieval()) {
            return;
        }
        for (NamedRetrieve step : retrieveSteps(program)) {
            String prefix = perPredictor ? step.path() + "." : "";
            if (!retrievers.isEmpty() && configuration.has(prefix + RETRIEVER)) {
                step.retrieve()
                        .setRetriever(
                                known(retrievers, prefix + RETRIEVER, configuration.getString(prefix + RETRIEVER)));
            }
            if (retrieveK != null && configuration.has(prefix + K)) {
                step.retrieve().setK(configuration.getInt(prefix + K));
            }
        }
    }

    private record NamedRetrieve(String path, Retrieve retrieve) {}

    private static List<NamedRetrieve> retrieveSteps(Module program) {
        List<NamedRetrieve> steps = new ArrayList<>();
        if (program instanceof Retrieve self) {
            steps.add(new NamedRetrieve("self", self));
        }
        for (NamedModule named : program.namedSubmodules()) {
            if (named.module() instanceof Retrieve retrieve) {
                steps.add(new NamedRetrieve(named.name(), retrieve));
            }
        }
        return steps;
    }

    private List<String> retrievalNames() {
        List<String> names = new ArrayList<>();
        if (retrieveK != null) {
            names.add(K);
        }
        if (!retrievers.isEmpty()) {
            names.add(RETRIEVER);
        }
        return names;
    }

    private List<Variable> retrievalVariablesFor(String prefix, Retrieve current) {
        List<Variable> variables = new ArrayList<>();
        if (!retrievers.isEmpty()) {
            List<String> names = List.copyOf(retrievers.keySet());
            String now = names.stream()
                    .filter(n -> retrievers.get(n) == current.retriever())
                    .findFirst()
                    .orElse(names.get(0));
            variables.add(
                    Variable.choice(prefix + RETRIEVER, names, now).describedAs("the search that finds the passages"));
        }
        if (retrieveK != null) {
            long now = Math.max(retrieveK[0], Math.min(retrieveK[1], current.k()));
            variables.add(Variable.integer(prefix + K, retrieveK[0], retrieveK[1], 1, now)
                    .describedAs("how many passages the retrieval step returns"));
        }
        return variables;
    }

    /**
     * The named models.
     *
     * @return the models by name
     */
    public Map<String, LanguageModel> models() {
        return models;
    }

    /**
     * The variables for a program's predictors, each defaulting to the first predictor's current
     * setting where it has one (its adapter, kind, temperature, demo count), else the first choice
     * or the lower bound.
     *
     * @param predictors the program's predictors
     * @return the space of the selected built-in variables
     */
    public VariableSpace space(List<NamedPredictor> predictors) {
        List<Variable> variables = new ArrayList<>();
        if (perPredictor) {
            for (NamedPredictor named : predictors) {
                variables.addAll(variablesFor(named.name() + ".", named.predictor()));
            }
        } else if (!predictors.isEmpty()) {
            variables.addAll(variablesFor("", predictors.get(0).predictor()));
        }
        return VariableSpace.of(variables);
    }

    private List<Variable> variablesFor(String prefix, Predict current) {
        List<Variable> variables = new ArrayList<>();
        if (!adapters.isEmpty()) {
            List<String> names = List.copyOf(adapters.keySet());
            String now = names.stream()
                    .filter(n -> Objects.requireNonNull(adapters.get(n), "a listed adapter")
                            .name()
                            .equals(current.adapter().name()))
                    .findFirst()
                    .orElse(names.get(0));
            variables.add(Variable.choice(prefix + ADAPTER, names, now)
                    .describedAs("how the prompt is written and the answer parsed"));
        }
        if (!modules.isEmpty()) {
            List<String> names =
                    modules.stream().map(BuiltInVariables::kindName).toList();
            String now = kindName(current.kind());
            variables.add(Variable.choice(prefix + MODULE, names, names.contains(now) ? now : names.get(0))
                    .describedAs("predict directly or reason first (chain of thought)"));
        }
        if (!models.isEmpty()) {
            List<String> names = List.copyOf(models.keySet());
            String now = current.model()
                    .map(LanguageModel::modelName)
                    .filter(names::contains)
                    .orElse(names.get(0));
            variables.add(Variable.choice(prefix + MODEL, names, now).describedAs("the language model"));
        }
        if (temperature != null) {
            double now = current.settings().temperature().orElse(temperature[0]);
            now = Math.max(temperature[0], Math.min(temperature[1], now));
            variables.add(Variable.real(prefix + TEMPERATURE, temperature[0], temperature[1], false, now)
                    .describedAs("sampling temperature"));
        }
        if (demos != null) {
            long now = Math.max(demos[0], Math.min(demos[1], current.demos().size()));
            variables.add(Variable.integer(prefix + DEMOS, demos[0], demos[1], 1, now)
                    .describedAs("how many demos the predictor keeps"));
        }
        return variables;
    }

    /**
     * Sets the built-in variables of a configuration on a program's predictors, with the models
     * given to {@link #models(Map)} — how a configuration chosen by a search is applied to a fresh
     * program in another process (with the same {@code BuiltInVariables}, or with
     * {@link #fromConfiguration(Configuration, Map)} from the configuration alone).
     *
     * @param program the program
     * @param configuration the configuration (names it does not know are ignored)
     */
    public void apply(Module program, Configuration configuration) {
        apply(program, configuration, UnaryOperator.identity());
    }

    /**
     * Sets the built-in variables of a configuration on a program's predictors.
     *
     * @param predictors the program's predictors
     * @param configuration the configuration (names it does not know, and built-in names these
     *     built-in variables do not select, are ignored)
     * @param modelWrapper applied to each model before it is set (the search wraps models to meter
     *     them); identity for none
     * @throws IllegalArgumentException when the configuration names an adapter or model these
     *     built-in variables do not have
     */
    public void apply(
            List<NamedPredictor> predictors, Configuration configuration, UnaryOperator<LanguageModel> modelWrapper) {
        for (NamedPredictor named : predictors) {
            String prefix = perPredictor ? named.name() + "." : "";
            Predict predictor = named.predictor();
            if (!adapters.isEmpty() && configuration.has(prefix + ADAPTER)) {
                predictor.setAdapter(known(adapters, prefix + ADAPTER, configuration.getString(prefix + ADAPTER)));
            }
            if (!modules.isEmpty() && configuration.has(prefix + MODULE)) {
                setKind(predictor, configuration.getString(prefix + MODULE));
            }
            if (!models.isEmpty() && configuration.has(prefix + MODEL)) {
                predictor.setModel(
                        modelWrapper.apply(known(models, prefix + MODEL, configuration.getString(prefix + MODEL))));
            }
            if (temperature != null && configuration.has(prefix + TEMPERATURE)) {
                predictor.setSettings(
                        predictor.settings().withTemperature(configuration.getDouble(prefix + TEMPERATURE)));
            }
            if (demos != null && configuration.has(prefix + DEMOS)) {
                int keep = configuration.getInt(prefix + DEMOS);
                if (predictor.demos().size() > keep) {
                    predictor.setDemos(predictor.demos().subList(0, keep));
                }
            }
        }
    }

    /**
     * The name of a module kind in configurations: {@code predict} or {@code chain_of_thought}.
     *
     * @param kind the kind
     * @return the name
     */
    public static String kindName(PredictorKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static void setKind(Predict predictor, String kind) {
        boolean reasoning = predictor.kind() == PredictorKind.CHAIN_OF_THOUGHT;
        if (kind.equals(kindName(PredictorKind.CHAIN_OF_THOUGHT)) && !reasoning) {
            predictor.setSignature(ChainOfThought.extend(predictor.signature()));
        } else if (kind.equals(kindName(PredictorKind.PREDICT)) && reasoning) {
            predictor.setSignature(predictor.signature().withoutOutput(ChainOfThought.REASONING.name()));
        }
    }

    private static <T> T known(Map<String, T> choices, String variable, String name) {
        T value = choices.get(name);
        if (value == null) {
            throw new IllegalArgumentException("'" + variable + "' is '" + name
                    + "', which these built-in variables do not" + " have; they have " + choices.keySet());
        }
        return value;
    }

    private static void requireSome(java.util.Collection<?> values, String variable) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the built-in variable '" + variable + "' needs at least one value");
        }
    }

    @Override
    public String toString() {
        return "BuiltInVariables[adapters=" + adapters.keySet() + ", modules=" + modules + ", models=" + models.keySet()
                + ", temperature=" + (temperature == null ? "-" : temperature[0] + ".." + temperature[1])
                + ", demos=" + (demos == null ? "-" : demos[0] + ".." + demos[1])
                + (retrievers.isEmpty() ? "" : ", retrievers=" + retrievers.keySet())
                + (retrieveK == null ? "" : ", k=" + retrieveK[0] + ".." + retrieveK[1])
                + (perPredictor ? ", per predictor" : "")
                + "]";
    }
}
