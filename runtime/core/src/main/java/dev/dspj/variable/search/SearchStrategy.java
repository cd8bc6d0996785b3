package dev.dspj.variable.search;

/** The search strategies a user can ask for; {@link #AUTO} lets {@link Samplers#choose} pick one. */
public enum SearchStrategy {
    /** Every grid point ({@link GridSampler}). */
    GRID,
    /** Random search, Latin hypercube first ({@link RandomSampler}). */
    RANDOM,
    /** Tree-structured Parzen estimators, one or several objectives ({@link TpeSampler}). */
    TPE,
    /** The NSGA-II genetic algorithm, for several objectives ({@link NsgaIISampler}). */
    NSGA_II,
    /** Chosen from the space, the budget and the number of objectives ({@link Samplers#choose}). */
    AUTO,
    /** A sampler of the user's own, given to the search directly. */
    CUSTOM
}
