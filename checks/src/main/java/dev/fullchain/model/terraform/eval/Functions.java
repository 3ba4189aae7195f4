package dev.fullchain.model.terraform.eval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Terraform's functions that compute names, tags and settings, with Terraform's semantics
 * (go-cty's, for the string functions: characters are grapheme clusters, substr's negative
 * offsets, replace with a /regex/ and Go's $1 / ${name} replacement syntax). A function that
 * is not here, or needs what fullchain cannot know (time, files, Azure), gives UNKNOWN.
 */
public final class Functions {

    private interface Fn extends Function<List<Value>, Value> {
    }

    private static final Map<String, Fn> FUNCTIONS = new HashMap<>();
    private static final Map<String, String> NOT_EVALUATED = new HashMap<>();

    static {
        // strings
        FUNCTIONS.put("lower", a -> string1("lower", a, s -> s.toLowerCase(Locale.ROOT)));
        FUNCTIONS.put("upper", a -> string1("upper", a, s -> s.toUpperCase(Locale.ROOT)));
        FUNCTIONS.put("title", a -> string1("title", a, Functions::title));
        FUNCTIONS.put("trimspace", a -> string1("trimspace", a, Functions::trimSpace));
        FUNCTIONS.put("chomp", a -> string1("chomp", a, s -> s.replaceAll("(?:\\r\\n?|\\n)*\\z", "")));
        FUNCTIONS.put("strrev", a -> string1("strrev", a, s -> {
            List<String> g = graphemes(s);
            Collections.reverse(g);
            return String.join("", g);
        }));
        FUNCTIONS.put("trim", a -> strings("trim", a, 2, s -> trimCutset(s.get(0), s.get(1), true, true)));
        FUNCTIONS.put("trimprefix", a -> strings("trimprefix", a, 2,
                s -> s.get(0).startsWith(s.get(1)) ? s.get(0).substring(s.get(1).length()) : s.get(0)));
        FUNCTIONS.put("trimsuffix", a -> strings("trimsuffix", a, 2,
                s -> s.get(0).endsWith(s.get(1)) ? s.get(0).substring(0, s.get(0).length() - s.get(1).length()) : s.get(0)));
        FUNCTIONS.put("replace", Functions::replace);
        FUNCTIONS.put("substr", Functions::substr);
        FUNCTIONS.put("format", Functions::format);
        FUNCTIONS.put("join", Functions::join);
        FUNCTIONS.put("split", a -> {
            Value bad = checkStrings("split", a, 2);
            if (bad != null) {
                return bad;
            }
            String sep = str(a.get(0));
            String s = str(a.get(1));
            List<Value> out = new ArrayList<>();
            if (sep.isEmpty()) {
                graphemes(s).forEach(g -> out.add(Value.of(g)));
            } else {
                for (String part : s.split(Pattern.quote(sep), -1)) {
                    out.add(Value.of(part));
                }
            }
            return Value.list(out);
        });
        FUNCTIONS.put("startswith", a -> bools("startswith", a, s -> s.get(0).startsWith(s.get(1))));
        FUNCTIONS.put("endswith", a -> bools("endswith", a, s -> s.get(0).endsWith(s.get(1))));
        FUNCTIONS.put("strcontains", a -> bools("strcontains", a, s -> s.get(0).contains(s.get(1))));
        FUNCTIONS.put("indent", a -> {
            if (a.size() != 2) {
                return arity("indent", 2);
            }
            Value u = shallowUnknown(a);
            if (u != null) {
                return u;
            }
            BigDecimal n = number(a.get(0));
            String s = str(a.get(1));
            if (n == null || s == null) {
                return Value.error("indent(spaces, string): wrong argument types");
            }
            long lines = s.chars().filter(c -> c == '\n').count();
            if (n.signum() < 0 || n.compareTo(BigDecimal.valueOf(Bounds.MAX_WEIGHT)) > 0
                    || s.length() + lines * n.longValue() > Bounds.MAX_WEIGHT) {
                return tooLarge("indent");
            }
            return Value.of(s.replace("\n", "\n" + " ".repeat(n.intValue())));
        });
        // collections
        FUNCTIONS.put("length", Functions::length);
        FUNCTIONS.put("concat", Functions::concat);
        FUNCTIONS.put("merge", Functions::merge);
        FUNCTIONS.put("lookup", Functions::lookup);
        FUNCTIONS.put("keys", a -> oneMap("keys", a, m -> Value.list(m.keySet().stream().map(Value::of).toList())));
        FUNCTIONS.put("values", a -> oneMap("values", a, m -> Value.list(new ArrayList<>(m.values()))));
        FUNCTIONS.put("contains", Functions::contains);
        FUNCTIONS.put("index", Functions::index);
        FUNCTIONS.put("distinct", a -> oneList("distinct", a, true, l -> Value.list(new ArrayList<>(new java.util.LinkedHashSet<>(l)))));
        FUNCTIONS.put("flatten", Functions::flatten);
        FUNCTIONS.put("element", Functions::element);
        FUNCTIONS.put("coalesce", Functions::coalesce);
        FUNCTIONS.put("coalescelist", Functions::coalescelist);
        FUNCTIONS.put("compact", a -> oneList("compact", a, true, l -> Value.list(l.stream()
                .filter(v -> !(v instanceof Value.Null) && !(v instanceof Value.Str s && s.value().isEmpty())).toList())));
        FUNCTIONS.put("reverse", a -> oneList("reverse", a, false, l -> {
            List<Value> r = new ArrayList<>(l);
            Collections.reverse(r);
            return Value.list(r);
        }));
        FUNCTIONS.put("sort", a -> oneList("sort", a, true, l -> {
            List<String> s = new ArrayList<>();
            for (Value v : l) {
                String x = str(v);
                if (x == null) {
                    return Value.error("sort() needs a list of strings");
                }
                s.add(x);
            }
            Collections.sort(s);
            return Value.list(s.stream().map(Value::of).toList());
        }));
        FUNCTIONS.put("alltrue", a -> oneList("alltrue", a, true, l -> allAny(l, true)));
        FUNCTIONS.put("anytrue", a -> oneList("anytrue", a, true, l -> allAny(l, false)));
        FUNCTIONS.put("slice", Functions::slice);
        FUNCTIONS.put("zipmap", Functions::zipmap);
        FUNCTIONS.put("one", a -> oneList("one", a, false, l -> l.isEmpty() ? Value.NULL
                : l.size() == 1 ? l.get(0) : Value.error("one() got a list of " + l.size() + " elements")));
        FUNCTIONS.put("tolist", a -> oneList("tolist", a, false, Value::list));
        FUNCTIONS.put("toset", a -> oneList("toset", a, true, Functions::toSet));
        FUNCTIONS.put("tomap", a -> oneMap("tomap", a, Value::map));
        FUNCTIONS.put("tostring", a -> convert("tostring", a, v -> v instanceof Value.ListV || v instanceof Value.MapV
                ? Value.error("tostring() cannot convert a " + v.typeName()) : toStringValue(v, "tostring()")));
        FUNCTIONS.put("tonumber", a -> convert("tonumber", a, v -> {
            BigDecimal n = number(v);
            return n != null ? new Value.Num(n) : Value.error("tonumber(): " + v.display() + " is not a number");
        }));
        FUNCTIONS.put("tobool", a -> convert("tobool", a, v -> v.asBool().map(Value::of)
                .orElseGet(() -> Value.error("tobool(): " + v.display() + " is not a bool"))));
        // numbers
        FUNCTIONS.put("min", a -> minMax("min", a, -1));
        FUNCTIONS.put("max", a -> minMax("max", a, 1));
        FUNCTIONS.put("abs", a -> number1("abs", a, BigDecimal::abs));
        FUNCTIONS.put("ceil", a -> number1("ceil", a, n -> n.setScale(0, RoundingMode.CEILING)));
        FUNCTIONS.put("floor", a -> number1("floor", a, n -> n.setScale(0, RoundingMode.FLOOR)));
        // hashes and encodings (deterministic, sometimes used for short unique suffixes)
        FUNCTIONS.put("md5", a -> string1("md5", a, s -> digest("MD5", s)));
        FUNCTIONS.put("sha1", a -> string1("sha1", a, s -> digest("SHA-1", s)));
        FUNCTIONS.put("sha256", a -> string1("sha256", a, s -> digest("SHA-256", s)));
        FUNCTIONS.put("sha512", a -> string1("sha512", a, s -> digest("SHA-512", s)));
        FUNCTIONS.put("base64encode", a -> string1("base64encode", a,
                s -> Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))));

        for (String f : List.of("timestamp", "plantimestamp", "uuid", "uuidv5", "bcrypt", "timeadd", "formatdate")) {
            NOT_EVALUATED.put(f, "depends on the time of the run or on randomness");
        }
        for (String f : List.of("file", "filebase64", "fileexists", "fileset", "templatefile", "filemd5", "filesha256",
                "abspath", "pathexpand")) {
            NOT_EVALUATED.put(f, "reads files, which fullchain does not evaluate");
        }
        for (String f : List.of("regex", "regexall")) {
            NOT_EVALUATED.put(f, "(regular-expression matching) is not evaluated by fullchain");
        }
    }

    private Functions() {
    }

    /** The functions fullchain evaluates; every other one gives UNKNOWN. */
    public static Set<String> supported() {
        return new TreeSet<>(FUNCTIONS.keySet());
    }

    static Value call(String name, List<Value> args) {
        Fn f = FUNCTIONS.get(name);
        if (f == null) {
            return Value.unknown(name + "() " + NOT_EVALUATED.getOrDefault(name, "is not evaluated by fullchain"));
        }
        return f.apply(args);
    }

    // ------------------------------------------------------------------ conversions

    /** A value as a string the way templates and string parameters convert it. */
    public static Value toStringValue(Value v, String where) {
        if (v instanceof Value.Unknown || v instanceof Value.Str) {
            return v;
        }
        if (v instanceof Value.Num n) {
            return Value.of(n.text());
        }
        if (v instanceof Value.Bool b) {
            return Value.of(String.valueOf(b.value()));
        }
        if (v instanceof Value.Null) {
            return Value.error("a null value cannot be used in " + where);
        }
        return Value.error("a " + v.typeName() + " cannot be used in " + where + " (a string is expected)");
    }

    /** Known string (numbers and bools converted), or null. */
    private static String str(Value v) {
        Value s = toStringValue(v, "");
        return s instanceof Value.Str x ? x.value() : null;
    }

    private static BigDecimal number(Value v) {
        return v.asNumber().orElse(null);
    }

    private static Value shallowUnknown(List<Value> args) {
        for (Value v : args) {
            if (v instanceof Value.Unknown) {
                return v;
            }
        }
        return null;
    }

    private static Value deepUnknown(List<Value> args) {
        for (Value v : args) {
            Value.Unknown u = v.firstUnknown();
            if (u != null) {
                return u;
            }
        }
        return null;
    }

    private static Value arity(String name, int n) {
        return Value.error(name + "() takes " + n + " argument" + (n == 1 ? "" : "s"));
    }

    /** Unknown first; then every argument must be a string (or convertible). */
    private static Value checkStrings(String name, List<Value> a, int n) {
        if (a.size() != n) {
            return arity(name, n);
        }
        Value u = shallowUnknown(a);
        if (u != null) {
            return u;
        }
        for (Value v : a) {
            if (str(v) == null) {
                return Value.error(name + "() needs strings, not a " + v.typeName());
            }
        }
        return null;
    }

    private static Value string1(String name, List<Value> a, Function<String, String> f) {
        Value bad = checkStrings(name, a, 1);
        return bad != null ? bad : Value.of(f.apply(str(a.get(0))));
    }

    private static Value strings(String name, List<Value> a, int n, Function<List<String>, String> f) {
        Value bad = checkStrings(name, a, n);
        return bad != null ? bad : Value.of(f.apply(a.stream().map(Functions::str).toList()));
    }

    private static Value bools(String name, List<Value> a, Function<List<String>, Boolean> f) {
        Value bad = checkStrings(name, a, 2);
        return bad != null ? bad : Value.of(f.apply(a.stream().map(Functions::str).toList()));
    }

    private static Value number1(String name, List<Value> a, Function<BigDecimal, BigDecimal> f) {
        if (a.size() != 1) {
            return arity(name, 1);
        }
        if (a.get(0) instanceof Value.Unknown) {
            return a.get(0);
        }
        BigDecimal n = number(a.get(0));
        return n == null ? Value.error(name + "() needs a number") : new Value.Num(f.apply(n));
    }

    private static Value convert(String name, List<Value> a, Function<Value, Value> f) {
        if (a.size() != 1) {
            return arity(name, 1);
        }
        Value v = a.get(0);
        if (v instanceof Value.Unknown || v instanceof Value.Null) {
            return v;
        }
        return f.apply(v);
    }

    private static Value oneList(String name, List<Value> a, boolean needKnownElements, Function<List<Value>, Value> f) {
        if (a.size() != 1) {
            return arity(name, 1);
        }
        Value v = a.get(0);
        if (v instanceof Value.Unknown) {
            return v;
        }
        if (!(v instanceof Value.ListV l)) {
            return Value.error(name + "() needs a list, not a " + v.typeName());
        }
        if (needKnownElements && !l.isWhollyKnown()) {
            return l.firstUnknown();
        }
        return f.apply(l.items());
    }

    private static Value oneMap(String name, List<Value> a, Function<Map<String, Value>, Value> f) {
        if (a.size() != 1) {
            return arity(name, 1);
        }
        Value v = a.get(0);
        if (v instanceof Value.Unknown) {
            return v;
        }
        if (!(v instanceof Value.MapV m)) {
            return Value.error(name + "() needs a map or an object, not a " + v.typeName());
        }
        return f.apply(m.entries());
    }

    // ------------------------------------------------------------------ strings

    /** Characters as Terraform counts them: grapheme clusters. */
    static List<String> graphemes(String s) {
        List<String> out = new ArrayList<>();
        BreakIterator it = BreakIterator.getCharacterInstance(Locale.ROOT);
        it.setText(s);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            out.add(s.substring(start, end));
        }
        return out;
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || c == 0x85 || c == 0xA0;
    }

    private static String trimSpace(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isSpace(s.charAt(b))) {
            b++;
        }
        while (e > b && isSpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    private static String trimCutset(String s, String cutset, boolean left, boolean right) {
        int b = 0;
        int e = s.length();
        while (left && b < e && cutset.indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (right && e > b && cutset.indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }

    /** Go's strings.Title: upper-cases the first letter of each word. */
    private static String title(String s) {
        StringBuilder b = new StringBuilder();
        int prev = ' ';
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            b.appendCodePoint(isSeparator(prev) ? Character.toTitleCase(c) : c);
            prev = c;
            i += Character.charCount(c);
        }
        return b.toString();
    }

    private static boolean isSeparator(int c) {
        if (c <= 0x7F) {
            return !(Character.isLetterOrDigit(c) || c == '_');
        }
        if (Character.isLetterOrDigit(c)) {
            return false;
        }
        return Character.isWhitespace(c);
    }

    private static Value replace(List<Value> a) {
        Value bad = checkStrings("replace", a, 3);
        if (bad != null) {
            return bad;
        }
        String s = str(a.get(0));
        String sub = str(a.get(1));
        String rep = str(a.get(2));
        if (sub.length() > 1 && sub.startsWith("/") && sub.endsWith("/")) {
            try {
                return regexReplace(s, sub.substring(1, sub.length() - 1), rep);
            } catch (RegexTooSlow slow) {
                return Value.unknown("replace() with the regular expression " + sub + " backtracks too long: fullchain stopped it");
            }
        }
        long occurrences = sub.isEmpty() ? s.length() + 1L : countOf(s, sub);
        if (!(sub.length() > 1 && sub.startsWith("/") && sub.endsWith("/"))
                && s.length() + occurrences * rep.length() > Bounds.MAX_WEIGHT) {
            return tooLarge("replace");
        }
        if (sub.isEmpty()) {
            // Go's strings.Replace with an empty old string inserts rep around every character.
            List<String> g = new ArrayList<>();
            s.codePoints().forEach(cp -> g.add(new String(Character.toChars(cp))));
            return Value.of(rep + String.join(rep, g) + (g.isEmpty() ? "" : rep));
        }
        return Value.of(s.replace(sub, rep));
    }

    /** A pattern in RE2 syntax that means the same in Java, or null when fullchain cannot be sure. */
    private static Pattern re2(String re) {
        if (re.contains("(?=") || re.contains("(?!") || re.contains("(?<=") || re.contains("(?<!")
                || re.contains("[:") || re.matches(".*\\\\[1-9].*") || re.contains("\\Z") || re.contains("\\C")) {
            return null;
        }
        String java = re.replace("(?P<", "(?<");
        try {
            return Pattern.compile(java);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private static Value regexReplace(String s, String re, String rep) {
        Pattern p = re2(re);
        if (p == null) {
            return Value.unknown("replace() with the regular expression /" + re + "/ is not evaluated by fullchain");
        }
        Matcher m = p.matcher(new Patience(s));
        StringBuilder out = new StringBuilder();
        int last = 0;
        int previousEnd = -1;
        while (m.find()) {
            // Go ignores an empty match right where the previous match ended; Java does not.
            if (m.start() == m.end() && m.start() == previousEnd) {
                continue;
            }
            out.append(s, last, m.start());
            out.append(expandGo(rep, m, p));
            last = m.end();
            previousEnd = m.end();
            if (out.length() > Bounds.MAX_WEIGHT) {
                return tooLarge("replace");
            }
        }
        out.append(s.substring(last));
        return Value.of(out.toString());
    }

    /** How often sub occurs in s, without overlaps (as strings.Replace counts). */
    private static long countOf(String s, String sub) {
        long n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
            n++;
        }
        return n;
    }

    private static Value tooLarge(String function) {
        return Value.unknown(function + "() would give a value larger than " + Bounds.MAX_WEIGHT
                + " characters: fullchain does not compute values that large");
    }

    /** A width or precision of format(); past the size bound the exact number does not matter. */
    private static int boundedInt(String digits) {
        return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    /**
     * The text a regular expression is matched against, read at most {@link #REGEX_READS}
     * times: Java's matcher backtracks (RE2, Terraform's, does not), so a pattern such as
     * (a+)+$ could take forever; past the bound the replacement is unknown.
     */
    private static final class Patience implements CharSequence {
        private final String s;
        private long reads;

        Patience(String s) {
            this.s = s;
        }

        @Override
        public char charAt(int index) {
            if (++reads > REGEX_READS) {
                throw new RegexTooSlow();
            }
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }

    private static final class RegexTooSlow extends RuntimeException {
        RegexTooSlow() {
            super(null, null, false, false);
        }
    }

    /** Characters a regular expression may read while replacing: linear matching of a 1 Mi string reads a few million. */
    private static final long REGEX_READS = 50_000_000;

    /** Go's Regexp.Expand: $1, ${1}, $name, ${name}; $$ is a dollar; an unknown name is empty. */
    private static String expandGo(String template, Matcher m, Pattern p) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                b.append(c);
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                b.append('$');
                i++;
                continue;
            }
            String name;
            int next;
            if (n == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    b.append(c);
                    continue;
                }
                name = template.substring(i + 2, close);
                next = close;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                if (j == i + 1) {
                    b.append(c);
                    continue;
                }
                name = template.substring(i + 1, j);
                next = j - 1;
            }
            b.append(group(m, p, name));
            i = next;
        }
        return b.toString();
    }

    private static String group(Matcher m, Pattern p, String name) {
        String g = null;
        if (name.matches("[0-9]+")) {
            int n = Integer.parseInt(name);
            if (n <= m.groupCount()) {
                g = m.group(n);
            }
        } else if (p.pattern().contains("(?<" + name + ">")) {
            g = m.group(name);
        }
        return g == null ? "" : g;
    }

    /** go-cty's substr, quirks included (a negative offset is counted from the end, not clamped). */
    private static Value substr(List<Value> a) {
        if (a.size() != 3) {
            return arity("substr", 3);
        }
        Value u = shallowUnknown(a);
        if (u != null) {
            return u;
        }
        String s = str(a.get(0));
        BigDecimal off = number(a.get(1));
        BigDecimal len = number(a.get(2));
        if (s == null || off == null || len == null) {
            return Value.error("substr(string, offset, length): wrong argument types");
        }
        List<String> g = graphemes(s);
        int offset = off.intValue();
        int length = len.intValue();
        if (offset < 0) {
            offset += g.size();
        } else if (length == 0) {
            return Value.of("");
        }
        int from = 0;
        if (offset > 0) {
            if (offset >= g.size()) {
                return Value.of("");
            }
            from = offset;
        }
        List<String> rest = g.subList(from, g.size());
        if (length < 0) {
            return Value.of(String.join("", rest));
        }
        // cty counts up to length and stops; a length of 0 here (negative offsets) takes the rest
        int take = length == 0 ? rest.size() : Math.min(length, rest.size());
        return Value.of(String.join("", rest.subList(0, take)));
    }

    private static Value join(List<Value> a) {
        if (a.size() < 2) {
            return Value.error("join() takes a separator and at least one list");
        }
        Value u = deepUnknown(a);
        if (u != null) {
            return u;
        }
        String sep = str(a.get(0));
        if (sep == null) {
            return Value.error("join(): the separator must be a string");
        }
        List<String> items = new ArrayList<>();
        for (Value list : a.subList(1, a.size())) {
            if (!(list instanceof Value.ListV l)) {
                return Value.error("join() needs lists of strings, not a " + list.typeName());
            }
            for (Value v : l.items()) {
                if (v instanceof Value.Null) {
                    return Value.error("join(): a list element is null");
                }
                String s = str(v);
                if (s == null) {
                    return Value.error("join() needs lists of strings, not of " + v.typeName());
                }
                items.add(s);
            }
        }
        long length = (long) sep.length() * Math.max(0, items.size() - 1);
        for (String s : items) {
            length += s.length();
        }
        if (length > Bounds.MAX_WEIGHT) {
            return tooLarge("join");
        }
        return Value.of(String.join(sep, items));
    }

    // ------------------------------------------------------------------ format

    private static final Pattern VERB = Pattern.compile("%([-+# 0]*)([0-9]*)(?:\\.([0-9]*))?([a-zA-Z%\\[*])");

    private static Value format(List<Value> a) {
        if (a.isEmpty()) {
            return Value.error("format() needs a format string");
        }
        Value fmtValue = a.get(0);
        if (fmtValue instanceof Value.Unknown) {
            return fmtValue;
        }
        String fmt = str(fmtValue);
        if (fmt == null) {
            return Value.error("format(): the format must be a string");
        }
        StringBuilder out = new StringBuilder();
        int argi = 1;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '%') {
                out.append('%');
                i += 2;
                continue;
            }
            Matcher m = VERB.matcher(fmt);
            if (!m.find(i) || m.start() != i) {
                return Value.error("format(): unrecognised verb at \"" + fmt.substring(i) + "\"");
            }
            String flags = m.group(1);
            int width = m.group(2).isEmpty() ? -1 : boundedInt(m.group(2));
            int precision = m.group(3) == null ? -1 : m.group(3).isEmpty() ? 0 : boundedInt(m.group(3));
            if (width > Bounds.MAX_WEIGHT || precision > Bounds.MAX_WEIGHT || out.length() + Math.max(width, 0) > Bounds.MAX_WEIGHT) {
                return tooLarge("format");
            }
            char verb = m.group(4).charAt(0);
            if (verb == '[' || verb == '*') {
                return Value.unknown("format() with explicit argument indexes or * widths is not evaluated by fullchain");
            }
            if (argi >= a.size()) {
                return Value.error("format(): not enough arguments for \"" + fmt + "\"");
            }
            Value arg = a.get(argi++);
            if (arg.firstUnknown() != null) {
                return arg.firstUnknown();
            }
            Value piece = formatOne(verb, flags, precision, arg);
            if (!(piece instanceof Value.Str s)) {
                return piece;
            }
            out.append(pad(s.value(), flags, width, "dfxXbo".indexOf(verb) >= 0));
            if (out.length() > Bounds.MAX_WEIGHT) {
                return tooLarge("format");
            }
            i = m.end();
        }
        if (argi < a.size()) {
            return Value.error("format(): too many arguments; only " + (argi - 1) + " used by \"" + fmt + "\"");
        }
        return Value.of(out.toString());
    }

    private static Value formatOne(char verb, String flags, int precision, Value arg) {
        switch (verb) {
            case 'v':
            case 's': {
                if (arg instanceof Value.Null) {
                    return verb == 'v' ? Value.of("null") : Value.error("format(): %s of a null value");
                }
                Value s = toStringValue(arg, "format()");
                if (!(s instanceof Value.Str str)) {
                    return verb == 'v' ? Value.unknown("format() %v of a " + arg.typeName() + " is not evaluated by fullchain") : s;
                }
                String text = str.value();
                if (precision >= 0) {
                    List<String> g = graphemes(text);
                    text = String.join("", g.subList(0, Math.min(precision, g.size())));
                }
                return Value.of(text);
            }
            case 'q': {
                Value s = toStringValue(arg, "format()");
                if (!(s instanceof Value.Str str)) {
                    return s;
                }
                return Value.of(quote(str.value()));
            }
            case 't': {
                return arg.asBool().map(b -> Value.of(String.valueOf(b)))
                        .orElseGet(() -> Value.error("format(): %t needs a bool, not a " + arg.typeName()));
            }
            case 'd':
            case 'x':
            case 'X':
            case 'b':
            case 'o': {
                if ((verb == 'x' || verb == 'X') && arg instanceof Value.Str s && number(arg) == null) {
                    StringBuilder hex = new StringBuilder();
                    for (byte by : s.value().getBytes(StandardCharsets.UTF_8)) {
                        hex.append(String.format("%02x", by));
                    }
                    return Value.of(verb == 'X' ? hex.toString().toUpperCase(Locale.ROOT) : hex.toString());
                }
                BigDecimal n = number(arg);
                if (n == null || n.stripTrailingZeros().scale() > 0) {
                    return Value.error("format(): %" + verb + " needs a whole number, not " + arg.display());
                }
                BigInteger bi = n.toBigIntegerExact();
                int radix = verb == 'd' ? 10 : verb == 'b' ? 2 : verb == 'o' ? 8 : 16;
                String digits = bi.abs().toString(radix);
                if (verb == 'X') {
                    digits = digits.toUpperCase(Locale.ROOT);
                }
                String sign = bi.signum() < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
                return Value.of(sign + digits);
            }
            case 'f': {
                BigDecimal n = number(arg);
                if (n == null) {
                    return Value.error("format(): %f needs a number, not " + arg.display());
                }
                BigDecimal r = n.setScale(precision < 0 ? 6 : precision, RoundingMode.HALF_EVEN);
                String sign = r.signum() >= 0 && flags.contains("+") ? "+" : "";
                return Value.of(sign + r.toPlainString());
            }
            default:
                return Value.unknown("format() verb %" + verb + " is not evaluated by fullchain");
        }
    }

    private static String pad(String s, String flags, int width, boolean numeric) {
        int len = graphemes(s).size();
        if (width < 0 || len >= width) {
            return s;
        }
        String fill = " ".repeat(width - len);
        if (flags.contains("-")) {
            return s + fill;
        }
        if (flags.contains("0") && numeric) {
            String zeros = "0".repeat(width - len);
            if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+' || s.charAt(0) == ' ')) {
                return s.charAt(0) + zeros + s.substring(1);
            }
            return zeros + s;
        }
        return fill + s;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    // ------------------------------------------------------------------ collections

    private static Value length(List<Value> a) {
        if (a.size() != 1) {
            return arity("length", 1);
        }
        Value v = a.get(0);
        if (v instanceof Value.Unknown) {
            return v;
        }
        if (v instanceof Value.Str s) {
            return Value.of(graphemes(s.value()).size());
        }
        if (v instanceof Value.ListV l) {
            return Value.of(l.items().size());
        }
        if (v instanceof Value.MapV m) {
            return Value.of(m.entries().size());
        }
        return Value.error("length() needs a string, a list or a map, not a " + v.typeName());
    }

    private static Value concat(List<Value> a) {
        List<Value> out = new ArrayList<>();
        for (Value v : a) {
            if (v instanceof Value.Unknown) {
                return v;
            }
            if (!(v instanceof Value.ListV l)) {
                return Value.error("concat() needs lists, not a " + v.typeName());
            }
            out.addAll(l.items());
        }
        return Value.list(out);
    }

    private static Value merge(List<Value> a) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (Value v : a) {
            if (v instanceof Value.Unknown) {
                return v;
            }
            if (v instanceof Value.Null) {
                continue;
            }
            if (!(v instanceof Value.MapV m)) {
                return Value.error("merge() needs maps or objects, not a " + v.typeName());
            }
            out.putAll(m.entries());
        }
        return Value.map(out);
    }

    private static Value lookup(List<Value> a) {
        if (a.size() < 2 || a.size() > 3) {
            return Value.error("lookup() takes a map, a key and an optional default");
        }
        Value map = a.get(0);
        Value key = a.get(1);
        if (map instanceof Value.Unknown) {
            return map;
        }
        if (key instanceof Value.Unknown) {
            return key;
        }
        if (!(map instanceof Value.MapV m)) {
            return Value.error("lookup() needs a map, not a " + map.typeName());
        }
        String k = str(key);
        if (k == null) {
            return Value.error("lookup(): the key must be a string");
        }
        Value found = m.entries().get(k);
        if (found != null) {
            return found;
        }
        return a.size() == 3 ? a.get(2) : Value.error("lookup(): there is no key \"" + k + "\" and no default");
    }

    private static Value contains(List<Value> a) {
        if (a.size() != 2) {
            return arity("contains", 2);
        }
        Value list = a.get(0);
        Value x = a.get(1);
        if (list instanceof Value.Unknown) {
            return list;
        }
        if (x.firstUnknown() != null) {
            return x.firstUnknown();
        }
        if (!(list instanceof Value.ListV l)) {
            return Value.error("contains() needs a list, not a " + list.typeName());
        }
        if (l.items().contains(x)) {
            return Value.of(true);
        }
        return l.isWhollyKnown() ? Value.of(false) : l.firstUnknown();
    }

    private static Value index(List<Value> a) {
        if (a.size() != 2) {
            return arity("index", 2);
        }
        Value u = deepUnknown(a);
        if (u != null) {
            return u;
        }
        if (!(a.get(0) instanceof Value.ListV l)) {
            return Value.error("index() needs a list");
        }
        int i = l.items().indexOf(a.get(1));
        return i < 0 ? Value.error("index(): the item is not in the list") : Value.of(i);
    }

    private static Value flatten(List<Value> a) {
        if (a.size() != 1) {
            return arity("flatten", 1);
        }
        Value v = a.get(0);
        if (v instanceof Value.Unknown) {
            return v;
        }
        if (!(v instanceof Value.ListV)) {
            return Value.error("flatten() needs a list, not a " + v.typeName());
        }
        List<Value> out = new ArrayList<>();
        Value problem = flattenInto(v, out);
        return problem != null ? problem : Value.list(out);
    }

    private static Value flattenInto(Value v, List<Value> out) {
        for (Value item : ((Value.ListV) v).items()) {
            if (item instanceof Value.Unknown) {
                return item;
            }
            if (item instanceof Value.ListV) {
                Value p = flattenInto(item, out);
                if (p != null) {
                    return p;
                }
            } else {
                out.add(item);
            }
        }
        return null;
    }

    private static Value element(List<Value> a) {
        if (a.size() != 2) {
            return arity("element", 2);
        }
        Value u = shallowUnknown(a);
        if (u != null) {
            return u;
        }
        if (!(a.get(0) instanceof Value.ListV l)) {
            return Value.error("element() needs a list");
        }
        BigDecimal n = number(a.get(1));
        if (n == null || n.signum() < 0) {
            return Value.error("element(): the index must be a non-negative number");
        }
        if (l.items().isEmpty()) {
            return Value.error("element() cannot use an empty list");
        }
        return l.items().get(n.intValue() % l.items().size());
    }

    /** Terraform's coalesce: the first argument that is neither null nor an empty string. */
    private static Value coalesce(List<Value> a) {
        for (Value v : a) {
            if (v instanceof Value.Unknown) {
                return v;
            }
            if (v instanceof Value.Null || (v instanceof Value.Str s && s.value().isEmpty())) {
                continue;
            }
            return v;
        }
        return Value.error("coalesce(): no non-null, non-empty-string arguments");
    }

    private static Value coalescelist(List<Value> a) {
        for (Value v : a) {
            if (v instanceof Value.Unknown) {
                return v;
            }
            if (v instanceof Value.ListV l && !l.items().isEmpty()) {
                return v;
            }
        }
        return Value.list(List.of());
    }

    private static Value allAny(List<Value> l, boolean all) {
        for (Value v : l) {
            var b = v.asBool();
            if (b.isEmpty()) {
                return Value.error((all ? "alltrue" : "anytrue") + "() needs bools, not " + v.display());
            }
            if (b.get() != all) {
                return Value.of(!all);
            }
        }
        return Value.of(all);
    }

    private static Value slice(List<Value> a) {
        if (a.size() != 3) {
            return arity("slice", 3);
        }
        Value u = shallowUnknown(a);
        if (u != null) {
            return u;
        }
        if (!(a.get(0) instanceof Value.ListV l)) {
            return Value.error("slice() needs a list");
        }
        BigDecimal from = number(a.get(1));
        BigDecimal to = number(a.get(2));
        if (from == null || to == null || from.intValue() < 0 || to.intValue() > l.items().size() || from.intValue() > to.intValue()) {
            return Value.error("slice(): indexes out of range");
        }
        return Value.list(l.items().subList(from.intValue(), to.intValue()));
    }

    private static Value zipmap(List<Value> a) {
        if (a.size() != 2) {
            return arity("zipmap", 2);
        }
        Value u = shallowUnknown(a);
        if (u != null) {
            return u;
        }
        if (!(a.get(0) instanceof Value.ListV keys) || !(a.get(1) instanceof Value.ListV values)) {
            return Value.error("zipmap() needs two lists");
        }
        if (keys.items().size() != values.items().size()) {
            return Value.error("zipmap(): the lists differ in length");
        }
        Map<String, Value> out = new TreeMap<>();
        for (int i = 0; i < keys.items().size(); i++) {
            Value k = keys.items().get(i);
            if (k instanceof Value.Unknown) {
                return k;
            }
            String ks = str(k);
            if (ks == null) {
                return Value.error("zipmap(): keys must be strings");
            }
            out.put(ks, values.items().get(i));
        }
        return Value.map(out);
    }

    /** Sets: no duplicates; strings in lexical order, numbers in numeric order (as Terraform prints them). */
    private static Value toSet(List<Value> items) {
        List<Value> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(items));
        if (distinct.stream().allMatch(v -> v instanceof Value.Str)) {
            distinct.sort((x, y) -> ((Value.Str) x).value().compareTo(((Value.Str) y).value()));
        } else if (distinct.stream().allMatch(v -> v instanceof Value.Num)) {
            distinct.sort((x, y) -> ((Value.Num) x).value().compareTo(((Value.Num) y).value()));
        }
        return Value.list(distinct);
    }

    private static Value minMax(String name, List<Value> a, int sign) {
        if (a.isEmpty()) {
            return Value.error(name + "() needs at least one number");
        }
        BigDecimal best = null;
        for (Value v : a) {
            if (v instanceof Value.Unknown) {
                return v;
            }
            BigDecimal n = number(v);
            if (n == null) {
                return Value.error(name + "() needs numbers, not " + v.display());
            }
            if (best == null || n.compareTo(best) * sign > 0) {
                best = n;
            }
        }
        return new Value.Num(best);
    }

    private static String digest(String algorithm, String s) {
        try {
            byte[] d = MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (byte x : d) {
                b.append(String.format("%02x", x));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
