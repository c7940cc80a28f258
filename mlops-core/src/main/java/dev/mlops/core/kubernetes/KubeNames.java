package dev.mlops.core.kubernetes;

import dev.mlops.core.naming.FunctionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names mlops gives Kubernetes objects and the values of its labels. A function's id is its object's name when
 * it can be one (lower case, at most 63 characters); otherwise, as for a model named {@code Wells_AC}, the name is
 * the id in lower case with {@code -} for {@code _}, cut to fit, and eight hexadecimal digits of the id's SHA-256,
 * so two ids never share a name. The exact id is always in the objects' annotation {@link #EXTERNAL_ID}.
 */
public final class KubeNames {

    /** The prefix of mlops's labels and annotations. */
    public static final String PREFIX = "mlops.dev/";
    /** Label: the function (versioned deployment or alias) an object belongs to, as its object name. */
    public static final String FUNCTION = PREFIX + "function";
    /** Label and annotation: the external id, exactly (the label as {@link #labelValue}). */
    public static final String EXTERNAL_ID = PREFIX + "external-id";
    public static final String MODEL = PREFIX + "model";
    public static final String SERVICE = PREFIX + "service";
    public static final String ENV = PREFIX + "env";
    public static final String VERSION = PREFIX + "version";
    /** Label: {@code deployment} on a versioned deployment's objects, {@code alias} on an alias's. */
    public static final String KIND = PREFIX + "kind";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String INSTANCE = "app.kubernetes.io/instance";

    private static final Pattern OBJECT_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final int HASH_DIGITS = 8;

    private KubeNames() {
    }

    /**
     * @return the name of the Deployment, Service and autoscaler of a versioned deployment, or of an alias's Service
     */
    public static String objectName(FunctionId id) {
        return objectName(id.toString());
    }

    static String objectName(String id) {
        if (OBJECT_NAME.matcher(id).matches()) {
            return id;
        }
        String readable = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String start = readable.substring(0, Math.min(readable.length(), 63 - HASH_DIGITS - 1));
        while (start.endsWith("-")) {
            start = start.substring(0, start.length() - 1);
        }
        return start + "-" + sha256(id).substring(0, HASH_DIGITS);
    }

    /**
     * @return {@code text} when it is a valid label value, else its {@link #objectName(String) object name}
     */
    public static String labelValue(String text) {
        return LABEL_VALUE.matcher(text).matches() ? text : objectName(text);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
