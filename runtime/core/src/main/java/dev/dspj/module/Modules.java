package dev.dspj.module;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.observe.ActiveCall;
import dev.dspj.observe.CallContext;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.EventKind;
import dev.dspj.observe.Scope;
import dev.dspj.primitives.LmUsage;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** Helpers shared by the modules built on {@link Predict}: overrides, paths and messages. */
final class Modules {

    private static final int MAX_VALUE_CHARS = 80;

    private Modules() {}

    /** Whether the options override nothing. */
    /**
     * Runs a module as {@link Module#invoke} does: announced to the callbacks in scope, its calls'
     * usage counted into the prediction and into the run around it.
     */
    @SuppressWarnings("NullAway") // a hand-written forward may return null; the caller (Evaluate) reports it
    static Prediction call(Module module, Map<String, Object> inputs, CallOptions options) {
        if (module instanceof Predict) {
            return module.forward(inputs, options);
        }
        CallContext outer = CallContext.current();
        RunUsage usage = new RunUsage();
        CallContext inner = outer.with(RunUsage.KEY, usage);
        @Nullable Prediction prediction;
        ActiveCall call;
        try (Scope run = inner.makeCurrent()) {
            call = Callbacks.start(EventKind.MODULE, moduleName(module), module, inputs, () -> childNames(module));
            try (Scope body = call.enter()) {
                prediction = module.forward(inputs, options);
            } catch (RuntimeException | Error e) {
                RunUsage.record(outer, usage.total());
                call.fail(e);
                throw e;
            }
        }
        LmUsage total = usage.total();
        RunUsage.record(outer, total);
        if (prediction == null) {
            call.end(null);
            return null;
        }
        Prediction withUsage = prediction.withLmUsage(total);
        call.end(withUsage);
        return withUsage;
    }

    /** A module's name in events: a program's class, a built-in module's class and signature. */
    static String moduleName(Module module) {
        return module.getClass().getSimpleName();
    }

    /** Every part of a module by identity, with its path relative to the module. */
    @SuppressWarnings("IdentityHashMapUsage") // read through Map.get, which keeps identity semantics
    static Map<Object, String> childNames(Module module) {
        IdentityHashMap<Object, String> names = new IdentityHashMap<>();
        for (NamedModule sub : module.namedSubmodules()) {
            names.putIfAbsent(sub.module(), sub.name());
        }
        for (NamedPredictor predictor : module.namedPredictors()) {
            if (predictor.predictor() != module) {
                names.putIfAbsent(predictor.predictor(), predictor.name());
            }
        }
        return names;
    }

    static boolean isNone(CallOptions options) {
        return options == null
                || options == CallOptions.NONE
                || (options.model().isEmpty() && LmSettings.DEFAULTS.equals(options.settings()));
    }

    /** A deep copy of the module with the overrides applied to each of its predictors. */
    static Module withOverrides(Module module, CallOptions options) {
        Module copy = module.deepCopy();
        applyOverrides(copy.namedPredictors(), options);
        return copy;
    }

    /** Applies the overrides to predictors the caller owns (a deep copy): settings merged, model set. */
    static void applyOverrides(List<NamedPredictor> predictors, CallOptions options) {
        if (isNone(options)) {
            return;
        }
        for (NamedPredictor named : predictors) {
            Predict predictor = named.predictor();
            predictor.setSettings(predictor.settings().merge(options.settings()));
            options.model().ifPresent(predictor::setModel);
        }
    }

    /**
     * The options of one attempt of {@link BestOfN} or {@link Refine}: the caller's, with the
     * rollout id and temperature 1.0 winning, as DSPy's {@code lm.copy(rollout_id=rid, temperature=1.0)}.
     */
    static CallOptions attemptOptions(CallOptions options, int rolloutId) {
        return options.withSettings(options.settings()
                .merge(LmSettings.DEFAULTS.withRolloutId(rolloutId).withTemperature(1.0)));
    }

    /**
     * The first rollout id of a series of attempts: the caller's, else the one set on the
     * module's first predictor that has one, else 0 (DSPy's {@code lm.kwargs.get("rollout_id", 0)}).
     */
    static int firstRolloutId(Module module, CallOptions options) {
        Optional<Integer> fromCall = options.settings().rolloutId();
        if (fromCall.isPresent()) {
            return fromCall.get();
        }
        for (NamedPredictor named : module.namedPredictors()) {
            Optional<Integer> own = named.predictor().settings().rolloutId();
            if (own.isPresent()) {
                return own.get();
            }
        }
        return 0;
    }

    /** The first model set on one of the module's predictors, if any. */
    static Optional<LanguageModel> firstModel(Module module) {
        for (NamedPredictor named : module.namedPredictors()) {
            Optional<LanguageModel> model = named.predictor().model();
            if (model.isPresent()) {
                return model;
            }
        }
        return Optional.empty();
    }

    /**
     * The paths of a wrapped module's predictors under an attribute, as DSPy names them: a
     * predictor that is the wrapped module itself ({@code self}) takes the attribute's name.
     */
    static List<NamedPredictor> prefixed(String attribute, List<NamedPredictor> inner) {
        List<NamedPredictor> named = new ArrayList<>(inner.size());
        for (NamedPredictor predictor : inner) {
            String path = predictor.name().equals("self") ? attribute : attribute + "." + predictor.name();
            named.add(new NamedPredictor(path, predictor.predictor()));
        }
        return List.copyOf(named);
    }

    /** A signature with input fields added after its own inputs; name and instructions kept. */
    static SignatureDescriptor appendInputs(SignatureDescriptor signature, List<FieldDescriptor<?>> added) {
        SignatureDescriptor.Builder builder =
                SignatureDescriptor.builder(signature.name()).instructions(signature.instructions());
        signature.inputFields().forEach(builder::field);
        added.forEach(builder::field);
        signature.outputFields().forEach(builder::field);
        return builder.build();
    }

    /** A short name of a module for messages, for example {@code ChainOfThought[QA]}. */
    static String describe(Module module) {
        String type = module.getClass().getSimpleName();
        if (type.isEmpty()) {
            type = module.getClass().getName();
        }
        try {
            List<NamedPredictor> predictors = module.namedPredictors();
            if (predictors.size() == 1) {
                return type + "[" + predictors.get(0).predictor().signature().name() + "]";
            }
            if (!predictors.isEmpty()) {
                StringJoiner paths = new StringJoiner(", ", type + "[", "]");
                predictors.forEach(p -> paths.add(p.name()));
                return paths.toString();
            }
        } catch (RuntimeException ignored) {
            // a broken namedPredictors() must not hide the error being reported
        }
        return type;
    }

    /** Inputs for messages: each value shortened to a readable length. */
    static String describe(Map<String, ?> inputs) {
        if (inputs == null) {
            return "null";
        }
        StringJoiner out = new StringJoiner(", ", "{", "}");
        inputs.forEach((key, value) -> {
            String text = value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
            text = text.replace("\n", "\\n");
            if (text.length() > MAX_VALUE_CHARS) {
                text = text.substring(0, MAX_VALUE_CHARS) + "...";
            }
            out.add(key + "=" + text);
        });
        return out.toString();
    }

    /** The message of an error, or its type when it has none. */
    static String message(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
