package dev.dspj.execution;

/**
 * Thrown instead of making a model call once an optimizer's call budget ({@code callBudget(n)} on
 * its builder) is spent. Optimizers catch it themselves and stop cleanly, returning the best
 * program found so far; it only reaches user code from a program an optimizer keeps running
 * (never from the program {@code compile} returns).
 */
public final class CallBudgetExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The number of calls that were allowed. */
    private final long budget;

    /**
     * Creates the exception.
     *
     * @param budget the budget that was reached
     * @param model the model the refused call was for
     */
    public CallBudgetExceededException(long budget, String model) {
        super("call budget of " + budget + " model call" + (budget == 1 ? "" : "s") + " reached; the call to " + model
                + " was not made");
        this.budget = budget;
    }

    /**
     * Creates the exception for a dollar budget.
     *
     * @param budgetUsd the dollar budget that the call could have passed
     * @param model the model the refused call was for
     */
    public CallBudgetExceededException(double budgetUsd, String model) {
        super(String.format(
                java.util.Locale.ROOT,
                "cost budget of $%.4f reached (the call could have passed it); the call to %s was not made",
                budgetUsd,
                model));
        this.budget = 0;
    }

    /**
     * The budget that was reached.
     *
     * @return the number of calls allowed; 0 when a dollar budget was reached
     */
    public long budget() {
        return budget;
    }
}
