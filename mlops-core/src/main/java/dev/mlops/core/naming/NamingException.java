package dev.mlops.core.naming;

/** Text that is not the name it should be: a function id, an environment, a service. */
public class NamingException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what the text is and what it should look like
     */
    public NamingException(String message) {
        super(message);
    }

    /**
     * @return the text quoted for a message: control characters shown as escapes, long text cut
     */
    static String describe(String text) {
        if (text == null) {
            return "nothing";
        }
        StringBuilder shown = new StringBuilder("'");
        text.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.append(text.codePointCount(0, text.length()) > 80 ? "…'" : "'").toString();
    }
}
