package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.console.ConsoleRequest;
import dev.redkit.console.ConsoleResponse;
import dev.redkit.console.RedkitConsole;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves the {@link RedkitConsole} on the application's servlet container: turns each request into a
 * {@link ConsoleRequest} (with the servlet user as the host principal when it holds the console role) and
 * writes the response back.
 */
final class RedkitConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient RedkitConsole console;
    private final String role;

    RedkitConsoleServlet(RedkitConsole console, String role) {
        this.console = console;
        this.role = role;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, req.getHeader(name));
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(ConsoleRequest.MAX_BODY_BYTES + 1);
        }
        if (body.length > ConsoleRequest.MAX_BODY_BYTES) {
            resp.sendError(413);
            return;
        }
        Principal user = req.getUserPrincipal();
        String principal = user != null && req.isUserInRole(role) ? user.getName() : null;
        ConsoleResponse r = console.handle(new ConsoleRequest(
                req.getMethod(),
                req.getRequestURI().substring(req.getContextPath().length()),
                req.getQueryString(),
                headers,
                body,
                req.getRemoteAddr(),
                principal));
        resp.setStatus(r.status());
        r.headers().forEach(resp::setHeader);
        byte[] out = r.body();
        resp.setContentLength(out.length);
        resp.getOutputStream().write(out);
    }
}
