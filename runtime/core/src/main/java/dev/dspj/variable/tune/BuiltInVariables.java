package dev.dspj.variable.tune;

import dev.dspj.adapter.Adapter;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.adapter.XmlAdapter;
import dev.dspj.lm.LanguageModel;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.PredictorKind;
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

    private static final Map<String, Adapter> STANDARD_ADAPTERS = Map.of(
            "chat", ChatAdapter.INSTANCE, "json", JsonAdapter.INSTANCE, "xml", XmlAdapter.INSTANCE);

    private final Map<String, Adapter> adapters;
    private final List<PredictorKind> modules;
    private final Map<String, LanguageModel> models;
    private final double[] temperature;
    private final long[] demos;
    private final boolean perPredictor;

    private BuiltInVariables(Map<String, Adapter> adapters, List<PredictorKind> modules,
            Map<String, LanguageModel> models, double[] temperature, long[] demos, boolean perPredictor) {
        this.adapters = adapters;
        this.modules = modules;
        this.models = models;
        this.temperature = temperature;
        this.demos = demos;
        this.perPredictor = perPredictor;
    }

    /**
     * No built-in variable searched.
     *
     * @return the empty selection
     */
    public static BuiltInVariables none() {
        return new BuiltInVariables(Map.of(), List.of(), Map.of(), null, null, false);
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
                throw new IllegalArgumentException("unknown adapter '" + name + "'; the standard ones are chat, json, xml"
                        + " (pass others with adapters(Map))");
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
        return new BuiltInVariables(new LinkedHashMap<>(named), modules, models, temperature, demos, perPredictor);
    }

    /**
     * Searches the module kind: {@code predict} and/or {@code chain_of_thought}.
     *
     * @param kinds the kinds to try, at least one
     * @return the changed copy
     */
    public BuiltInVariables modules(PredictorKind... kinds) {
        requireSome(List.of(kinds), MODULE);
        return new BuiltInVariables(adapters, List.of(kinds), models, temperature, demos, perPredictor);
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
        return new BuiltInVariables(adapters, modules, new LinkedHashMap<>(named), temperature, demos, perPredictor);
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
            throw new IllegalArgumentException("temperature range must satisfy 0 <= min <= max <= 2, got [" + min + ", "
                    + max + "]");
        }
        return new BuiltInVariables(adapters, modules, models, new double[] {min, max}, demos, perPredictor);
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
            throw new IllegalArgumentException("demos range must satisfy 0 <= min <= max, got [" + min + ", " + max + "]");
        }
        return new BuiltInVariables(adapters, modules, models, temperature, new long[] {min, max}, perPredictor);
    }

    /**
     * Gives each predictor its own variables, named after its path, instead of one shared set.
     *
     * @return the changed copy
     */
    public BuiltInVariables perPredictor() {
        return new BuiltInVariables(adapters, modules, models, temperature, demos, true);
    }

    /**
     * Whether any built-in variable is searched.
     *
     * @return true when at least one is
     */
    public boolean any() {
        return !adapters.isEmpty() || !modules.isEmpty() || !models.isEmpty() || temperature != null || demos != null;
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
            String now = names.stream().filter(n -> adapters.get(n).name().equals(current.adapter().name())).findFirst()
                    .orElse(names.get(0));
            variables.add(Variable.choice(prefix + ADAPTER, names, now).describedAs("how the prompt is written and the answer parsed"));
        }
        if (!modules.isEmpty()) {
            List<String> names = modules.stream().map(BuiltInVariables::kindName).toList();
            String now = kindName(current.kind());
            variables.add(Variable.choice(prefix + MODULE, names, names.contains(now) ? now : names.get(0))
                    .describedAs("predict directly or reason first (chain of thought)"));
        }
        if (!models.isEmpty()) {
            List<String> names = List.copyOf(models.keySet());
            String now = current.model().map(LanguageModel::modelName).filter(names::contains).orElse(names.get(0));
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
     * program in another process (make the same {@code BuiltInVariables} there).
     *
     * @param program the program
     * @param configuration the configuration (names it does not know are ignored)
     */
    public void apply(dev.dspj.module.Module program, Configuration configuration) {
        apply(program.namedPredictors(), configuration, UnaryOperator.identity());
    }

    /**
     * Sets the built-in variables of a configuration on a program's predictors.
     *
     * @param predictors the program's predictors
     * @param configuration the configuration (names it does not know are ignored)
     * @param modelWrapper applied to each model before it is set (the search wraps models to meter
     *     them); identity for none
     */
    public void apply(List<NamedPredictor> predictors, Configuration configuration,
            UnaryOperator<LanguageModel> modelWrapper) {
        for (NamedPredictor named : predictors) {
            String prefix = perPredictor ? named.name() + "." : "";
            Predict predictor = named.predictor();
            if (configuration.has(prefix + ADAPTER)) {
                predictor.setAdapter(adapters.get(configuration.getString(prefix + ADAPTER)));
            }
            if (configuration.has(prefix + MODULE)) {
                setKind(predictor, configuration.getString(prefix + MODULE));
            }
            if (configuration.has(prefix + MODEL)) {
                predictor.setModel(modelWrapper.apply(models.get(configuration.getString(prefix + MODEL))));
            }
            if (configuration.has(prefix + TEMPERATURE)) {
                predictor.setSettings(predictor.settings().withTemperature(configuration.getDouble(prefix + TEMPERATURE)));
            }
            if (configuration.has(prefix + DEMOS)) {
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

    private static void requireSome(java.util.Collection<?> values, String variable) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the built-in variable '" + variable + "' needs at least one value");
        }
    }

    @Override
    public String toString() {
        return "BuiltInVariables[adapters=" + adapters.keySet() + ", modules=" + modules + ", models=" + models.keySet()
                + ", temperature=" + (temperature == null ? "-" : temperature[0] + ".." + temperature[1])
                + ", demos=" + (demos == null ? "-" : demos[0] + ".." + demos[1]) + (perPredictor ? ", per predictor" : "")
                + "]";
    }
}
