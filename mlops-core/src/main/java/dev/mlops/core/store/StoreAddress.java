package dev.mlops.core.store;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the Model Manager's store is: {@code s3://<bucket>[/<prefix>]} or a local folder.
 *
 * @param folder the local folder, when it is one
 * @param bucket the S3 bucket, when it is one
 * @param prefix the key prefix inside the bucket, empty or ending with {@code /}
 */
public record StoreAddress(Optional<Path> folder, Optional<String> bucket, String prefix) {

    // The rules S3 gives bucket names (3 to 63 lower-case letters, digits, dots and dashes, a letter or digit at
    // both ends).
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX_PART = Pattern.compile("[A-Za-z0-9!_.*'()-]+");

    /**
     * @param address  {@code s3://bucket/prefix}, or a folder
     * @param relative what a relative folder is relative to
     * @return the address
     * @throws StoreException for an address that is neither, saying what a good one looks like
     */
    public static StoreAddress parse(String address, Path relative) throws StoreException {
        String trimmed = address.trim();
        if (trimmed.isEmpty()) {
            throw new StoreException("the store address is empty; give s3://<bucket>[/<prefix>] or a folder");
        }
        if (trimmed.regionMatches(true, 0, "s3://", 0, 5)) {
            String rest = trimmed.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
                throw new StoreException("'" + bucket + "' in store address " + trimmed + " is not an S3 bucket"
                        + " name: 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter"
                        + " or digit");
            }
            while (prefix.endsWith("/")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
            for (String part : prefix.isEmpty() ? new String[0] : prefix.split("/", -1)) {
                if (!PREFIX_PART.matcher(part).matches() || part.equals(".") || part.equals("..")) {
                    throw new StoreException("the prefix '" + prefix + "' in store address " + trimmed + " may"
                            + " hold only letters, digits and !_.*'()- between single slashes");
                }
            }
            return new StoreAddress(Optional.empty(), Optional.of(bucket), prefix.isEmpty() ? "" : prefix + "/");
        }
        if (trimmed.contains("://")) {
            throw new StoreException("store address " + trimmed + " is neither s3://<bucket>[/<prefix>] nor a"
                    + " folder; other schemes are not supported");
        }
        try {
            return new StoreAddress(Optional.of(relative.resolve(trimmed).toAbsolutePath().normalize()),
                    Optional.empty(), "");
        } catch (InvalidPathException e) {
            throw new StoreException("store address " + trimmed + " is not a folder name: " + e.getReason());
        }
    }

    /**
     * @return a folder's address
     */
    public static StoreAddress folder(Path folder) {
        return new StoreAddress(Optional.of(folder.toAbsolutePath().normalize()), Optional.empty(), "");
    }

    /**
     * @return whether it is an S3 bucket
     */
    public boolean isS3() {
        return bucket.isPresent();
    }

    @Override
    public String toString() {
        return bucket.map(b -> "s3://" + b + "/" + prefix).orElseGet(() -> folder.orElseThrow().toString());
    }
}
