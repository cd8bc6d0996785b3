package dev.dspj.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code #sim-fault:} directives from a user message, and removes them so they never change
 * which example is matched or how it is answered.
 *
 * <p>Grammar: {@code #sim-fault:ITEM[,ITEM...]}, several directives allowed, where ITEM is one of
 * {@code 429}, {@code 429xN}, {@code retry-after=S} (seconds, after a 429), {@code 500},
 * {@code 503x1} (any 5xx), {@code 401}, {@code 400-context}, {@code hang}, {@code malformed},
 * {@code truncate} (these three also with {@code xN}), {@code missing-field=NAME} and
 * {@code slow=250ms} (or {@code slow=2s}). Without {@code xN} a directive applies to every
 * attempt; with it, to the first N attempts of the same prompt.
 */
final class FaultDirectives {

    /** The forms accepted, for error messages. */
    static final String KNOWN = "429, 429xN, retry-after=S, 5xx, 5xxxN, 401, 400-context, hang, malformed, truncate, "
            + "missing-field=NAME, slow=250ms";

    private static final Pattern DIRECTIVE = Pattern.compile("#sim-fault:(\\S*)");
    private static final Pattern STRIP = Pattern.compile("\\s*#sim-fault:\\S*");
    private static final Pattern STATUS = Pattern.compile("(\\d{3})(?:x(\\d+))?");
    private static final Pattern NAMED = Pattern.compile("(400-context|hang|malformed|truncate)(?:x(\\d+))?");
    private static final Pattern RETRY_AFTER = Pattern.compile("retry-after=(\\d+(?:\\.\\d+)?)(ms|s)?");
    private static final Pattern SLOW = Pattern.compile("slow=(\\d+(?:\\.\\d+)?)(ms|s)");
    private static final Pattern MISSING = Pattern.compile("missing-field=(\\w+)");

    private FaultDirectives() {}

    /** Whether the text holds a directive. */
    static boolean present(String text) {
        return text.contains("#sim-fault:");
    }

    /** The text without its directives. */
    static String strip(String text) {
        return present(text) ? STRIP.matcher(text).replaceAll("") : text;
    }

    /**
     * The faults the directives in a text ask for, each counted per prompt.
     *
     * @throws IllegalArgumentException naming an item that is not a known directive
     */
    static List<Fault> parse(String text) {
        List<Fault> faults = new ArrayList<>();
        if (!present(text)) {
            return faults;
        }
        Matcher directive = DIRECTIVE.matcher(text);
        while (directive.find()) {
            String spec = directive.group(1).replaceAll("[.,;:!?)\\]]+$", "");
            for (String item : spec.split(",")) {
                add(faults, item.strip());
            }
        }
        return faults;
    }

    private static void add(List<Fault> faults, String item) {
        Matcher m;
        if ((m = STATUS.matcher(item)).matches()) {
            int status = Integer.parseInt(m.group(1));
            int times = times(m.group(2), item);
            Fault fault;
            if (status == 429) {
                fault = Fault.rateLimit(times, Fault.DEFAULT_RETRY_AFTER);
            } else if (status >= 500 && status <= 599) {
                fault = Fault.serverError(status, times);
            } else if (status == 401) {
                fault = Fault.unauthorized().withTimes(times);
            } else {
                throw unknown(item);
            }
            faults.add(fault.perPrompt());
        } else if ((m = NAMED.matcher(item)).matches()) {
            int times = times(m.group(2), item);
            Fault fault = switch (m.group(1)) {
                case "400-context" -> Fault.contextLengthExceeded();
                case "hang" -> Fault.hang();
                case "malformed" -> Fault.malformed();
                default -> Fault.truncate();
            };
            faults.add(fault.withTimes(times).perPrompt());
        } else if ((m = RETRY_AFTER.matcher(item)).matches()) {
            int last = faults.size() - 1;
            if (last < 0 || faults.get(last).kind() != Fault.Kind.RATE_LIMIT) {
                throw new IllegalArgumentException("#sim-fault item \"" + item + "\" must follow a 429, as in "
                        + "#sim-fault:429x1,retry-after=2");
            }
            Fault previous = faults.get(last);
            faults.set(
                    last,
                    Fault.rateLimit(previous.times(), duration(m.group(1), m.group(2) == null ? "s" : m.group(2)))
                            .perPrompt());
        } else if ((m = SLOW.matcher(item)).matches()) {
            faults.add(Fault.latency(duration(m.group(1), m.group(2))).perPrompt());
        } else if ((m = MISSING.matcher(item)).matches()) {
            faults.add(Fault.missingField(m.group(1)).perPrompt());
        } else {
            throw unknown(item);
        }
    }

    private static int times(@Nullable String count, String item) {
        if (count == null) {
            return Fault.UNLIMITED;
        }
        int times = Integer.parseInt(count);
        if (times < 1) {
            throw new IllegalArgumentException(
                    "#sim-fault item \"" + item + "\" must apply at least once (x1 or more)");
        }
        return times;
    }

    private static Duration duration(String amount, String unit) {
        double value = Double.parseDouble(amount);
        long nanos = Math.round(value * (unit.equals("ms") ? 1_000_000.0 : 1_000_000_000.0));
        return Duration.ofNanos(nanos);
    }

    private static IllegalArgumentException unknown(String item) {
        return new IllegalArgumentException("unknown #sim-fault item \"" + item + "\"; known items: " + KNOWN);
    }
}
