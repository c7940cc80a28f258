package dev.mlops.core.monitoring;

/**
 * Keeps a thread's work to a share of one core: for every nanosecond it works, it owes {@code (1 - share) / share}
 * nanoseconds of rest, paid by time it spends waiting anyway and, once more than {@link #PAUSE_AFTER} is owed, by a
 * pause. The prediction log's writer runs under one, so that logging every call of a saturated host takes at most
 * that share of the host's CPU from the calls; what it cannot keep up with fills the queue and is dropped and counted.
 *
 * <p>The writer's alone: not thread-safe.
 */
final class CpuBudget {

    /** Debts smaller than this are carried, not paused for: pauses stay few and the writer keeps its batches. */
    static final long PAUSE_AFTER = 2_000_000;

    /** The longest pause at once, so that closing and flushing are never held back for long. */
    static final long LONGEST_PAUSE = 50_000_000;

    private final double restPerWork;
    private long owed;

    /**
     * @param share of one core, above 0 and at most 1 (1: no limit)
     */
    CpuBudget(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("the writer's share of a core is above 0 and at most 1, not " + share);
        }
        this.restPerWork = (1 - share) / share;
    }

    /** Counts work done. */
    void worked(long nanos) {
        owed += (long) (Math.max(0, nanos) * restPerWork);
    }

    /** Counts time spent waiting (for the queue, say): rest already taken. */
    void rested(long nanos) {
        owed = Math.max(0, owed - Math.max(0, nanos));
    }

    /**
     * @return how long to pause now, in nanoseconds: 0 while the debt is small
     */
    long pause() {
        return owed > PAUSE_AFTER ? Math.min(owed, LONGEST_PAUSE) : 0;
    }

    /**
     * @return the rest owed, in nanoseconds
     */
    long owed() {
        return owed;
    }
}
