package dev.mlops.core.store;

/** Told how far a long copy has come, so that an interactive console can show it. */
@FunctionalInterface
public interface Progress {

    /** Shows nothing. */
    Progress NONE = bytes -> { };

    /**
     * @param bytes bytes copied since the last call
     */
    void advance(long bytes);

    /**
     * Told when one file is done, whole.
     *
     * @param path  the file's path within its folder
     * @param bytes its size
     */
    default void fileDone(String path, long bytes) {
    }
}
