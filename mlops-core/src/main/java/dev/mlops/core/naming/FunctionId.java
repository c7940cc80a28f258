package dev.mlops.core.naming;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name a deployed function is called by: an {@link ExternalId} ({@code <model>-<service>-<env>-<version>}) or an
 * {@link Alias} ({@code <model>-<service>-<env>}). Model names hold only letters, digits and underscores, so the
 * parts never run into each other.
 */
public sealed interface FunctionId permits ExternalId, Alias {

    /** A model name as the settings allow it. */
    Pattern MODEL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");

    Pattern SHAPE = Pattern.compile("([A-Za-z][A-Za-z0-9_]{0,127})-(prediction|training)-(dev|test|prod)"
            + "(?:-([1-9][0-9]{0,8}))?");

    /**
     * @return the model
     */
    String model();

    /**
     * @return the service
     */
    Service service();

    /**
     * @return the environment
     */
    Environment environment();

    /**
     * @return the alias of the function's model, service and environment (an alias is its own)
     */
    Alias alias();

    /**
     * @param text what a user typed, such as {@code model1-prediction-test-3} or {@code model1-prediction-test}
     * @return the id, or empty when the text is not one
     */
    static Optional<FunctionId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = SHAPE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Alias alias = new Alias(matcher.group(1), Service.parse(matcher.group(2)).orElseThrow(),
                Environment.parse(matcher.group(3)).orElseThrow());
        return Optional.of(matcher.group(4) == null ? alias : alias.version(Integer.parseInt(matcher.group(4))));
    }

    /**
     * @param text what a user typed
     * @return the id
     * @throws NamingException naming what the text should look like
     */
    static FunctionId of(String text) throws NamingException {
        return parse(text).orElseThrow(() -> new NamingException(NamingException.describe(text)
                + " is not a function id: an id is <model>-<service>-<env>-<version> (like model1-prediction-test-3)"
                + " or, for the alias of the latest, <model>-<service>-<env> (like model1-prediction-test)"));
    }
}
