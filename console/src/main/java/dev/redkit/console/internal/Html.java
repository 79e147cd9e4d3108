package dev.redkit.console.internal;

/**
 * Builds the console's HTML. Every value that did not come from the console's own code (job payloads, member
 * names, keys, user ids, error texts) goes through {@link #text}, which escapes the five HTML special characters,
 * so it is inert both as element text and inside a quoted attribute.
 */
final class Html {

    private final StringBuilder sb = new StringBuilder(4096);

    /**
     * Escapes text for element content and quoted attributes.
     *
     * @param s the text, null is written as nothing
     * @return the escaped text
     */
    static String esc(Object s) {
        if (s == null) {
            return "";
        }
        String v = s.toString();
        StringBuilder out = new StringBuilder(v.length() + 16);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    /** Appends markup written by the console's code (never user data). */
    Html raw(String markup) {
        sb.append(markup);
        return this;
    }

    /** Appends escaped text. */
    Html text(Object value) {
        sb.append(esc(value));
        return this;
    }

    /** Appends {@code <tag>escaped text</tag>}. */
    Html el(String tag, Object value) {
        sb.append('<')
                .append(tag)
                .append('>')
                .append(esc(value))
                .append("</")
                .append(tag)
                .append('>');
        return this;
    }

    /** Appends a table header row. */
    Html headRow(String... names) {
        sb.append("<tr>");
        for (String n : names) {
            sb.append("<th>").append(esc(n)).append("</th>");
        }
        sb.append("</tr>");
        return this;
    }

    /** Appends a table row of escaped cells. */
    Html row(Object... cells) {
        sb.append("<tr>");
        for (Object c : cells) {
            sb.append("<td>").append(esc(c)).append("</td>");
        }
        sb.append("</tr>");
        return this;
    }

    /** Appends a hidden form field. */
    Html hidden(String name, Object value) {
        sb.append("<input type=\"hidden\" name=\"")
                .append(esc(name))
                .append("\" value=\"")
                .append(esc(value))
                .append("\">");
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
