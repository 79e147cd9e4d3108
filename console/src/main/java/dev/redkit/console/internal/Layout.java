package dev.redkit.console.internal;

/** The page frame (navigation, stylesheet, script) and the login form. */
final class Layout {

    private static final String[][] NAV = {
        {"/", "Overview"},
        {"/queues", "Queues"},
        {"/locks", "Locks"},
        {"/limits", "Rate limits"},
        {"/sessions", "Sessions"},
        {"/leaderboards", "Leaderboards"},
        {"/analytics", "Analytics"}
    };

    private Layout() {}

    static String page(ConsoleApp.Ctx ctx, boolean readOnly, String active, String title, String body) {
        Html h = new Html();
        h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .text(title)
                .raw(" · Redkit console</title><link rel=\"icon\" href=\"")
                .text(ctx.base() + "/static/favicon.svg")
                .raw("\"><link rel=\"stylesheet\" href=\"")
                .text(ctx.base() + "/static/console.css")
                .raw("\"><script src=\"")
                .text(ctx.base() + "/static/console.js")
                .raw("\" defer></script></head>")
                .raw("<body data-base=\"")
                .text(ctx.base())
                .raw("\" data-csrf=\"")
                .text(ctx.csrfToken())
                .raw("\"><nav><b>Redkit</b>");
        for (String[] n : NAV) {
            h.raw("<a href=\"")
                    .text(ctx.base() + (n[0].equals("/") ? "/" : n[0]))
                    .raw("\"")
                    .raw(n[0].equals(active) ? " class=\"active\"" : "")
                    .raw(">")
                    .text(n[1])
                    .raw("</a>");
        }
        h.raw("<span class=\"who\">")
                .text(ctx.principal())
                .raw(readOnly ? " · read-only" : "")
                .raw("</span></nav><main><h1>")
                .text(title)
                .raw("</h1>")
                .raw(body)
                .raw("</main></body></html>");
        return h.toString();
    }

    static String login(String base, boolean failed) {
        Html h = new Html();
        h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in · Redkit console</title>")
                .raw("<link rel=\"icon\" href=\"")
                .text(base + "/static/favicon.svg")
                .raw("\"><link rel=\"stylesheet\" href=\"")
                .text(base + "/static/console.css")
                .raw("\"></head><body><main class=\"login\">")
                .raw("<h1>Redkit console</h1>")
                .raw(failed ? "<p class=\"warn\">Wrong token.</p>" : "")
                .raw("<form method=\"post\" action=\"")
                .text(base + "/login")
                .raw("\"><label>Token <input type=\"password\" ")
                .raw(
                        "name=\"token\" autocomplete=\"current-password\" required></label> <button type=\"submit\">Sign in</button></form>")
                .raw("</main></body></html>");
        return h.toString();
    }

    /** A POST form with the CSRF field and one button; {@code fields} are name/value pairs. */
    static String button(ConsoleApp.Ctx ctx, String action, String label, String confirmClass, String... fields) {
        Html h = new Html();
        h.raw("<form class=\"inline\" method=\"post\" action=\"")
                .text(ctx.base() + action)
                .raw("\">")
                .hidden(ConsoleApp.CSRF_FIELD, ctx.csrfToken());
        for (int i = 0; i + 1 < fields.length; i += 2) {
            h.hidden(fields[i], fields[i + 1]);
        }
        h.raw("<button type=\"submit\" class=\"")
                .text(confirmClass)
                .raw("\">")
                .text(label)
                .raw("</button></form>");
        return h.toString();
    }

    /** A chart the script fills from a JSON series URL. */
    static String chart(ConsoleApp.Ctx ctx, String id, String src, String title) {
        return new Html()
                .raw("<figure class=\"chart\" id=\"")
                .text(id)
                .raw("\" data-src=\"")
                .text(ctx.base() + src)
                .raw("\"><figcaption>")
                .text(title)
                .raw(
                        "</figcaption><svg viewBox=\"0 0 600 160\" preserveAspectRatio=\"none\"></svg><div class=\"legend\"></div></figure>")
                .toString();
    }
}
