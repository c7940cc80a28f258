package dev.mlops.core.platform;

import java.time.Duration;
import java.util.Optional;

/**
 * Polls a condition until it holds or time runs out: the one way platforms and deployment steps wait for something
 * to be served.
 */
public final class Deadline {

    /** How long between two looks. */
    private static final Duration INTERVAL = Duration.ofMillis(100);

    private final long end;
    private final Duration length;

    private Deadline(Duration length) {
        this.length = length;
        this.end = System.nanoTime() + length.toNanos();
    }

    /**
     * @return a deadline {@code length} from now
     */
    public static Deadline in(Duration length) {
        return new Deadline(length);
    }

    /**
     * @return the deadline's length, for messages
     */
    public Duration length() {
        return length;
    }

    /**
     * A look at something, which may fail.
     *
     * @param <T> what is looked for
     */
    @FunctionalInterface
    public interface Look<T> {
        /**
         * @return what was looked for, or empty to look again
         */
        Optional<T> look() throws PlatformException;
    }

    /**
     * @return the first non-empty look, or empty when the deadline passed first (the condition is looked at least
     *         once)
     * @throws PlatformException from a look, or when interrupted
     */
    public <T> Optional<T> await(Look<T> look) throws PlatformException {
        while (true) {
            Optional<T> found = look.look();
            if (found.isPresent()) {
                return found;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(Math.max(1, Math.min(INTERVAL.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException("interrupted while waiting", e);
            }
        }
    }
}
