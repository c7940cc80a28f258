package dev.mlops.core.registry;

/** Told how far a long copy has come, so that an interactive console can show it. */
@FunctionalInterface
public interface Progress {

    /** Shows nothing. */
    Progress NONE = bytes -> { };

    /**
     * @param bytes bytes copied since the last call
     */
    void advance(long bytes);
}
