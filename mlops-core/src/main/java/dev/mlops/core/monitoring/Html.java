package dev.mlops.core.monitoring;

/** Text made safe for HTML: the pages mlops writes put user data (model names, metadata, reasons) in them. */
public final class Html {

    private Html() {
    }

    /** @return the text with {@code < > & " '} as character references; empty for null */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
