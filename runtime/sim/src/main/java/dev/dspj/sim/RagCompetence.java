package dev.dspj.sim;

/**
 * The competence model of the retrieval task ({@link SimRagTask}): the probability that a query
 * step names the entity its hop needs, and that the answer step answers correctly, both built on
 * {@link Competence#logit} (so demos, a reasoning field, the task's hints and temperature count as
 * everywhere else).
 *
 * <pre>
 * L(conditions)    = Competence.logit(profile, difficulty, conditions)
 * q1               = sigmoid(L(query) + {@value #FIRST_HOP_QUERY_BONUS})   a query names the person asked about
 * q2               = sigmoid(L(query) + {@value #BRIDGE_QUERY_BONUS})   a query names the bridge entity, once the first passage is in
 * answer, golds in = sigmoid(L(answer) + {@value #READING_BONUS})
 * answer, else     = sigmoid(L(answer) - {@value #UNAIDED_PENALTY})   nobody knows invented entities
 * </pre>
 *
 * A query step's good and bad demos are demos of the task whose {@code query} names (or does not
 * name) the entity their own prompt's hop needs; the answer step's are read as for every task.
 */
public final class RagCompetence {

    /** Added to a query step's logit when the query must name the person the question names. */
    public static final double FIRST_HOP_QUERY_BONUS = 1.5;
    /** Added to a query step's logit when the query must name the bridge entity read in a passage. */
    public static final double BRIDGE_QUERY_BONUS = 0.5;
    /** Added to the answer step's logit when every gold passage is in the prompt. */
    public static final double READING_BONUS = 1.0;
    /** Taken from the answer step's logit when a gold passage is missing. */
    public static final double UNAIDED_PENALTY = 8.0;

    private RagCompetence() {}

    /**
     * The probability that a query step names the entity its hop needs.
     *
     * @param profile the model
     * @param difficulty the example's difficulty, 0..1
     * @param hop 0 for the first hop (the person), 1 for the bridge entity
     * @param conditions what the query step's prompt does
     * @return the probability
     */
    public static double query(SimModelProfile profile, double difficulty, int hop, SimConditions conditions) {
        double bonus = hop == 0 ? FIRST_HOP_QUERY_BONUS : BRIDGE_QUERY_BONUS;
        return sigmoid(Competence.logit(profile, difficulty, conditions) + bonus);
    }

    /**
     * The probability that the answer step answers correctly with every gold passage in its prompt.
     *
     * @param profile the model
     * @param difficulty the example's difficulty, 0..1
     * @param conditions what the answer step's prompt does
     * @return the probability
     */
    public static double reading(SimModelProfile profile, double difficulty, SimConditions conditions) {
        return sigmoid(Competence.logit(profile, difficulty, conditions) + READING_BONUS);
    }

    /**
     * The probability that the answer step answers correctly with a gold passage missing.
     *
     * @param profile the model
     * @param difficulty the example's difficulty, 0..1
     * @param conditions what the answer step's prompt does
     * @return the probability
     */
    public static double unaided(SimModelProfile profile, double difficulty, SimConditions conditions) {
        return sigmoid(Competence.logit(profile, difficulty, conditions) - UNAIDED_PENALTY);
    }

    static double sigmoid(double logit) {
        return 1.0 / (1.0 + Math.exp(-logit));
    }
}
