package dev.dspj.cli;

import dev.dspj.module.Module;
import dev.dspj.module.ProgramModule;
import dev.dspj.module.TypedPredictor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.state.ConfiguredPrograms;
import dev.dspj.state.ProgramState;
import dev.dspj.state.ProgramStateException;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The program a command works on: {@code --program} (a {@link Module} class, or a {@code @Signature}
 * interface whose generated predictor is used), {@code --state} (its saved state) and {@code
 * --classpath} (where its classes are).
 */
final class ProgramOptions {

    @Option(
            names = "--program",
            required = true,
            paramLabel = "CLASS",
            description = "the program: a generated predictor (com.acme.QaPredictor), a @Program class, or a"
                    + " @Signature interface (com.acme.Qa: its generated predictor is used)")
    @SuppressWarnings("NullAway.Init") // required: picocli sets it before the command runs
    String program;

    @Option(
            names = "--module",
            paramLabel = "KIND",
            defaultValue = "predict",
            description = "for a generated predictor: predict or chain-of-thought (default: ${DEFAULT-VALUE})",
            converter = ModuleKind.Converter.class)
    ModuleKind module = ModuleKind.PREDICT;

    @Option(
            names = "--state",
            paramLabel = "FILE",
            description = "the program's saved state (ProgramState.save, or DSPy's program.save JSON)")
    @Nullable
    Path state;

    @Option(
            names = "--classpath",
            paramLabel = "PATHS",
            description = "directories and jars holding the program's classes, separated by '${sys:path.separator}'")
    @Nullable
    String classpath;

    /**
     * Loads the program: its class made with its no-arg constructor, its saved state loaded.
     *
     * @return the program
     * @throws CliException naming the option, class or file at fault
     */
    LoadedProgram load() {
        ClassLoader loader = loader();
        Class<? extends Module> type = programClass(loader);
        Module module = create(type);
        String digest = "";
        if (state != null) {
            digest = loadState(module, state);
        }
        return new LoadedProgram(module, type.getName(), signatureOf(module), state, digest, loader);
    }

    private ClassLoader loader() {
        ClassLoader parent = DspjCli.class.getClassLoader();
        if (classpath == null || classpath.isBlank()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator, -1)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry.strip());
            if (!Files.exists(path)) {
                throw new CliException("--classpath: " + path + " does not exist");
            }
            try {
                urls.add(path.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new CliException("--classpath: " + path + " is not a usable path: " + e.getMessage());
            }
        }
        URLClassLoader classes = new URLClassLoader("dspj-program", urls.toArray(URL[]::new), parent);
        Thread.currentThread().setContextClassLoader(classes);
        return classes;
    }

    private Class<? extends Module> programClass(ClassLoader loader) {
        String name = program.strip();
        Class<?> type = find(name, loader);
        if (type == null) {
            throw new CliException("--program " + name + ": no such class on the class path (add the program's"
                    + " classes with --classpath, or DSPJ_CLASSPATH for the dspj launcher)");
        }
        if (Module.class.isAssignableFrom(type)) {
            return type.asSubclass(Module.class);
        }
        if (type.isInterface()) {
            String predictor = generatedPredictor(type);
            Class<?> generated = find(predictor, loader);
            if (generated == null || !Module.class.isAssignableFrom(generated)) {
                throw new CliException("--program " + name + " is an interface, but its generated predictor "
                        + predictor + " is not on the class path: is it a @Signature compiled with dspj-processor?");
            }
            return generated.asSubclass(Module.class);
        }
        throw new CliException("--program " + name + " is not a program: name a " + Module.class.getName()
                + " (a generated predictor such as QaPredictor, or a @Program class) or a @Signature interface");
    }

    /** The class of a name in source form ({@code a.b.Outer.Inner}) or binary form ({@code a.b.Outer$Inner}). */
    private static @Nullable Class<?> find(String name, ClassLoader loader) {
        String candidate = name;
        while (true) {
            try {
                return Class.forName(candidate, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                int dot = candidate.lastIndexOf('.');
                if (dot < 0) {
                    return null;
                }
                candidate = candidate.substring(0, dot) + '$' + candidate.substring(dot + 1);
            }
        }
    }

    /** {@code a.b.Qa} → {@code a.b.QaPredictor}; {@code a.b.Outer$Qa} → {@code a.b.Outer_QaPredictor}. */
    private static String generatedPredictor(Class<?> signature) {
        String packageName = signature.getPackageName();
        String simple = signature.getName().substring(packageName.isEmpty() ? 0 : packageName.length() + 1);
        return (packageName.isEmpty() ? "" : packageName + ".") + simple.replace('$', '_') + "Predictor";
    }

    private Module create(Class<? extends Module> type) {
        String factory = module == ModuleKind.CHAIN_OF_THOUGHT
                ? ConfiguredPrograms.CHAIN_OF_THOUGHT
                : ConfiguredPrograms.PREDICT;
        try {
            return ConfiguredPrograms.instantiate(type, factory);
        } catch (IllegalStateException e) {
            throw new CliException("--program " + type.getName() + ": " + e.getMessage());
        }
    }

    private static String loadState(Module module, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("--state " + file + ": no such file");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            ProgramState.load(module, file);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (ProgramStateException e) {
            throw new CliException(
                    "--state " + file + " does not fit " + module.getClass().getName() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CliException("--state " + file + ": cannot read it: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The signature whose fields a program takes and gives, when it is one predictor's. */
    private static @Nullable SignatureDescriptor signatureOf(Module module) {
        if (module instanceof TypedPredictor<?, ?, ?, ?> typed) {
            return typed.typedSignature().descriptor();
        }
        if (module instanceof ProgramModule<?>) {
            return null;
        }
        return module.namedPredictors().size() == 1
                ? module.namedPredictors().get(0).predictor().signature()
                : null;
    }

    /** Which module a generated predictor is made as. */
    enum ModuleKind {
        /** {@code predict()}: DSPy's {@code Predict}. */
        PREDICT,
        /** {@code chainOfThought()}: DSPy's {@code ChainOfThought}. */
        CHAIN_OF_THOUGHT;

        /** Reads {@code predict} and {@code chain-of-thought} (or {@code cot}). */
        static final class Converter implements picocli.CommandLine.ITypeConverter<ModuleKind> {
            @Override
            public ModuleKind convert(String value) {
                return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "predict" -> PREDICT;
                    case "chain-of-thought", "chainofthought", "cot" -> CHAIN_OF_THOUGHT;
                    default ->
                        throw new picocli.CommandLine.TypeConversionException(
                                "'" + value + "' is not a module: expected predict or chain-of-thought");
                };
            }
        }
    }

    /**
     * A program ready to run.
     *
     * @param module the program
     * @param className its class
     * @param signature its one predictor's signature, or null for a program of several
     * @param state the state file loaded, or null
     * @param stateDigest the state file's SHA-256, or empty
     * @param loader the class loader the program came from (with {@code --classpath})
     */
    record LoadedProgram(
            Module module,
            String className,
            @Nullable SignatureDescriptor signature,
            @Nullable Path state,
            String stateDigest,
            ClassLoader loader) {}
}
