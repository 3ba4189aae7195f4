package dev.fullchain.probe;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Route templates as web frameworks write them in metrics labels: {@code /api/items/{item_id}}
 * (FastAPI, Spring), {@code /api/items/:id} (Express), {@code /api/items/<id>} (Flask).
 */
public final class RouteTemplate {

    private static final Pattern PARAMETER = Pattern.compile("\\{[^/]+}|:[^/]+|<[^/]+>");

    private RouteTemplate() {
    }

    /** Whether a request to {@code path} is one of {@code route}'s requests (a plain route matches itself; a trailing slash is ignored). */
    public static boolean matches(String route, String path) {
        String r = stripSlash(route);
        String p = stripSlash(path);
        if (r.equals(p)) {
            return true;
        }
        String regex = Arrays.stream(r.split("/", -1))
                .map(segment -> PARAMETER.matcher(segment).matches() ? "[^/]+" : Pattern.quote(segment))
                .collect(Collectors.joining("/"));
        return p.matches(regex);
    }

    private static String stripSlash(String s) {
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
