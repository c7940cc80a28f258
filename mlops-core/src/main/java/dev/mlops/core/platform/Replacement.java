package dev.mlops.core.platform;

/**
 * A deployment just made under an external id, which can still be undone: what the id served before (or nothing)
 * comes back on {@link #restore()}.
 */
public interface Replacement {

    /** Puts back what the external id served before the deployment, or removes it if it served nothing. */
    void restore() throws PlatformException;

    /** Keeps the deployment; what it replaced is let go. */
    void keep() throws PlatformException;
}
