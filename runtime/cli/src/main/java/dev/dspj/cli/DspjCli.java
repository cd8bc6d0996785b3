package dev.dspj.cli;

import dev.dspj.data.DatasetException;
import dev.dspj.state.ProgramStateException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code dspj} command: {@code run}, {@code evaluate}, {@code optimize}, {@code studies} and
 * {@code sim}. {@link #main} exits with the command's code; {@link #execute} returns it, for tests
 * and for programs that run a command in process.
 *
 * <p>Exit codes: 0 done, 1 the work failed (a model or store error), 2 the command was wrong (an
 * unknown option, a missing class, a state file for another program, bad rows), 3 a run finished
 * with rows that failed (each written with its error).
 */
@Command(
        name = "dspj",
        mixinStandardHelpOptions = true,
        versionProvider = DspjCli.Version.class,
        description = "Run, evaluate and optimize DSPJ programs over files; read studies; serve the simulated model.",
        subcommands = {
            RunCommand.class,
            EvaluateCommand.class,
            OptimizeCommand.class,
            StudiesCommand.class,
            SimCommand.class,
            CommandLine.HelpCommand.class
        })
public final class DspjCli implements Runnable {

    /** Exit code of a command whose arguments, classes, files or rows are wrong. */
    public static final int USAGE = 2;

    /** Exit code of a run that finished with rows that failed. */
    public static final int ROWS_FAILED = 3;

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before run()
    CommandSpec spec;

    /** Made by picocli. */
    public DspjCli() {}

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs a command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs a command in this process.
     *
     * @param out where its results go
     * @param err where its errors and progress go
     * @param args the command line
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(new DspjCli());
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler(DspjCli::failed);
        return line.execute(args);
    }

    private static int failed(Exception e, CommandLine line, CommandLine.ParseResult parsed) {
        PrintWriter err = line.getErr();
        String command = line.getCommandSpec().qualifiedName();
        if (e instanceof CliException cli) {
            err.println(command + ": " + cli.getMessage());
            return cli.exitCode();
        }
        if (e instanceof DatasetException || e instanceof ProgramStateException) {
            err.println(command + ": " + e.getMessage());
            return USAGE;
        }
        err.println(command + ": " + describe(e));
        return CommandLine.ExitCode.SOFTWARE;
    }

    /** An exception and its causes, each once, without stack traces. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null && cause != cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !text.toString().contains(message)) {
                text.append(": ").append(message);
            }
            cause = cause.getCause();
        }
        return text.toString();
    }

    /** The version of the jar, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DspjCli.class.getPackage().getImplementationVersion();
            return new String[] {"dspj " + (version == null ? "(development build)" : version)};
        }
    }
}
