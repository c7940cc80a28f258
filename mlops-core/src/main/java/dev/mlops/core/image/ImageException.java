package dev.mlops.core.image;

/**
 * The host's image could not be made ready: a malformed reference, a registry that cannot be reached or refuses, a
 * base image that cannot be pulled. The message says which, and never carries a credential.
 */
public final class ImageException extends Exception {

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
