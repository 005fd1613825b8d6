package papers.feed;

import java.util.Map;

/**
 * TeX in titles and abstracts made readable as plain text, for places that cannot run KaTeX: RSS/Atom entries and
 * digest emails. Math between {@code $…$}, {@code $$…$$}, {@code \(…\)} or {@code \[…\]} becomes Unicode: Greek
 * letters, operators and arrows as their characters, sub- and superscripts as Unicode scripts where every character
 * has one ({@code L_2} → L₂, {@code n^2} → n²) and {@code ^(…)} otherwise, {@code \frac{a}{b}} as a/b,
 * {@code \mathcal}, {@code \mathbf}, {@code \text} and the like as their plain letters, and the dollars dropped.
 * A dollar that does not open math by pandoc's rule (a non-space after the opening one, a non-space before the
 * closing one and no digit after it) stays, so "$1 Million" and "in $200k" read as written. Outside math only the
 * usual text-style commands ({@code \textbf{…}}, {@code \emph{…}}, {@code url}) and escaped characters are undone.
 */
public final class TexText {

    private TexText() {
    }

    private static final Map<String, String> SYMBOLS = Map.ofEntries(
            // Greek, lower case and the variants
            Map.entry("alpha", "α"), Map.entry("beta", "β"), Map.entry("gamma", "γ"), Map.entry("delta", "δ"),
            Map.entry("epsilon", "ε"), Map.entry("varepsilon", "ε"), Map.entry("zeta", "ζ"), Map.entry("eta", "η"),
            Map.entry("theta", "θ"), Map.entry("vartheta", "ϑ"), Map.entry("iota", "ι"), Map.entry("kappa", "κ"),
            Map.entry("lambda", "λ"), Map.entry("mu", "μ"), Map.entry("nu", "ν"), Map.entry("xi", "ξ"),
            Map.entry("pi", "π"), Map.entry("varpi", "ϖ"), Map.entry("rho", "ρ"), Map.entry("varrho", "ϱ"),
            Map.entry("sigma", "σ"), Map.entry("varsigma", "ς"), Map.entry("tau", "τ"), Map.entry("upsilon", "υ"),
            Map.entry("phi", "ϕ"), Map.entry("varphi", "φ"), Map.entry("chi", "χ"), Map.entry("psi", "ψ"),
            Map.entry("omega", "ω"),
            // Greek, upper case
            Map.entry("Gamma", "Γ"), Map.entry("Delta", "Δ"), Map.entry("Theta", "Θ"), Map.entry("Lambda", "Λ"),
            Map.entry("Xi", "Ξ"), Map.entry("Pi", "Π"), Map.entry("Sigma", "Σ"), Map.entry("Upsilon", "Υ"),
            Map.entry("Phi", "Φ"), Map.entry("Psi", "Ψ"), Map.entry("Omega", "Ω"),
            // operators and relations
            Map.entry("times", "×"), Map.entry("cdot", "·"), Map.entry("div", "÷"), Map.entry("pm", "±"),
            Map.entry("mp", "∓"), Map.entry("leq", "≤"), Map.entry("le", "≤"), Map.entry("geq", "≥"),
            Map.entry("ge", "≥"), Map.entry("neq", "≠"), Map.entry("ne", "≠"), Map.entry("approx", "≈"),
            Map.entry("sim", "∼"), Map.entry("simeq", "≃"), Map.entry("equiv", "≡"), Map.entry("propto", "∝"),
            Map.entry("ll", "≪"), Map.entry("gg", "≫"), Map.entry("infty", "∞"), Map.entry("nabla", "∇"),
            Map.entry("partial", "∂"), Map.entry("sum", "∑"), Map.entry("prod", "∏"), Map.entry("int", "∫"),
            Map.entry("in", "∈"), Map.entry("notin", "∉"), Map.entry("subset", "⊂"), Map.entry("subseteq", "⊆"),
            Map.entry("supset", "⊃"), Map.entry("cup", "∪"), Map.entry("cap", "∩"), Map.entry("forall", "∀"),
            Map.entry("exists", "∃"), Map.entry("neg", "¬"), Map.entry("land", "∧"), Map.entry("wedge", "∧"),
            Map.entry("lor", "∨"), Map.entry("vee", "∨"), Map.entry("oplus", "⊕"), Map.entry("otimes", "⊗"),
            Map.entry("circ", "∘"), Map.entry("star", "⋆"), Map.entry("ast", "∗"), Map.entry("emptyset", "∅"),
            Map.entry("varnothing", "∅"), Map.entry("perp", "⊥"), Map.entry("top", "⊤"), Map.entry("bot", "⊥"),
            Map.entry("prime", "′"), Map.entry("deg", "°"), Map.entry("degree", "°"), Map.entry("ell", "ℓ"),
            Map.entry("hbar", "ℏ"), Map.entry("Re", "ℜ"), Map.entry("Im", "ℑ"), Map.entry("angle", "∠"),
            // arrows
            Map.entry("to", "→"), Map.entry("rightarrow", "→"), Map.entry("leftarrow", "←"),
            Map.entry("gets", "←"), Map.entry("leftrightarrow", "↔"), Map.entry("Rightarrow", "⇒"),
            Map.entry("Leftarrow", "⇐"), Map.entry("Leftrightarrow", "⇔"), Map.entry("mapsto", "↦"),
            Map.entry("uparrow", "↑"), Map.entry("downarrow", "↓"), Map.entry("implies", "⇒"), Map.entry("iff", "⇔"),
            // dots, delimiters, spacing
            Map.entry("ldots", "…"), Map.entry("dots", "…"), Map.entry("cdots", "⋯"), Map.entry("vdots", "⋮"),
            Map.entry("langle", "⟨"), Map.entry("rangle", "⟩"), Map.entry("lvert", "|"), Map.entry("rvert", "|"),
            Map.entry("vert", "|"), Map.entry("Vert", "‖"), Map.entry("mid", "|"), Map.entry("lfloor", "⌊"),
            Map.entry("rfloor", "⌋"), Map.entry("lceil", "⌈"), Map.entry("rceil", "⌉"), Map.entry("colon", ":"),
            Map.entry("quad", " "), Map.entry("qquad", " "), Map.entry("left", ""), Map.entry("right", ""),
            Map.entry("big", ""), Map.entry("Big", ""), Map.entry("bigg", ""), Map.entry("Bigg", ""),
            Map.entry("displaystyle", ""), Map.entry("textstyle", ""), Map.entry("limits", ""),
            Map.entry("nolimits", ""), Map.entry("it", ""), Map.entry("bf", ""), Map.entry("rm", ""),
            Map.entry("em", ""));

    /** Named operators, written as words. */
    private static final java.util.Set<String> FUNCTIONS = java.util.Set.of("log", "ln", "exp", "sin", "cos", "tan",
            "max", "min", "arg", "argmax", "argmin", "lim", "sup", "inf", "det", "dim", "ker", "Pr", "softmax");

    /** Commands whose one argument is shown as it is (fonts and text inside math). */
    private static final java.util.Set<String> STYLES = java.util.Set.of("text", "textrm", "textit", "textbf",
            "texttt", "textsf", "textsc", "emph", "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathcal",
            "mathscr", "mathfrak", "boldsymbol", "bm", "operatorname", "mbox", "hbox", "underline", "url");

    /** Accents, as the combining mark put after each character of their argument. */
    private static final Map<String, Character> ACCENTS = Map.of("bar", '\u0304', "overline", '\u0304',
            "hat", '\u0302', "widehat", '\u0302', "tilde", '\u0303', "widetilde", '\u0303', "vec", '\u20D7',
            "dot", '\u0307', "ddot", '\u0308');

    private static final Map<Character, Character> DOUBLE_STRUCK = Map.of('R', 'ℝ', 'N', 'ℕ', 'Z', 'ℤ', 'Q', 'ℚ',
            'C', 'ℂ', 'P', 'ℙ');

    private static final String SUP_FROM = "0123456789+-=()nijkmabcdefghlopstuvwxyzABDEGHIJKLMNOPRTUVW";
    private static final String SUP_TO = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏᵐᵃᵇᶜᵈᵉᶠᵍʰˡᵒᵖˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ";
    private static final String SUB_FROM = "0123456789+-=()aehijklmnoprstuvx";
    private static final String SUB_TO = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ";

    /** {@code text} with its TeX turned into readable plain text; null stays null. */
    public static String plain(String text) {
        if (text == null || (text.indexOf('$') < 0 && text.indexOf('\\') < 0)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '(' || text.charAt(i + 1) == '[')) {
                String close = text.charAt(i + 1) == '(' ? "\\)" : "\\]";
                int end = text.indexOf(close, i + 2);
                if (end > 0) {
                    out.append(math(text.substring(i + 2, end)));
                    i = end + 2;
                    continue;
                }
            }
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (c == '$') {
                boolean display = i + 1 < text.length() && text.charAt(i + 1) == '$';
                int start = i + (display ? 2 : 1);
                int end = display ? text.indexOf("$$", start) : closingDollar(text, start);
                if (end > start) {
                    out.append(math(text.substring(start, end)));
                    i = end + (display ? 2 : 1);
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return textMode(out.toString());
    }

    /** Where the inline math opened before {@code start} closes, or -1 when that dollar opens none (pandoc's rule). */
    private static int closingDollar(String text, int start) {
        if (start >= text.length() || Character.isWhitespace(text.charAt(start))) {
            return -1;
        }
        for (int j = start + 1; j < text.length(); j++) {
            if (text.charAt(j) != '$' || text.charAt(j - 1) == '\\') {
                continue;
            }
            boolean spaceBefore = Character.isWhitespace(text.charAt(j - 1));
            boolean digitAfter = j + 1 < text.length() && Character.isDigit(text.charAt(j + 1));
            return spaceBefore || digitAfter ? -1 : j;
        }
        return -1;
    }

    /** Text-style commands and escaped characters outside math. */
    private static String textMode(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        String prev;
        do {
            prev = s;
            s = s.replaceAll("\\\\(?:textbf|textit|texttt|textsc|textrm|textsf|emph|text|url|underline)\\{([^{}]*)}",
                    "$1");
            s = s.replaceAll("\\{\\\\(?:it|em|bf|sc|tt|rm)\\s+([^{}]*)}", "$1");
        } while (!s.equals(prev));
        return s.replaceAll("\\\\([%&#_{}])", "$1");
    }

    /** The body of one math span as plain text. */
    static String math(String tex) {
        String s = new MathReader(tex).read(Integer.MAX_VALUE);
        return s.replaceAll("\\s+", " ").strip();
    }

    /** A small reader of math: commands, groups, scripts, everything else as it is. */
    private static final class MathReader {
        private final String tex;
        private int i;

        MathReader(String tex) {
            this.tex = tex;
        }

        /** Reads up to {@code atoms} atoms (a group, a command with its arguments, a script or a character). */
        String read(int atoms) {
            StringBuilder out = new StringBuilder();
            for (int n = 0; n < atoms && i < tex.length(); n++) {
                char c = tex.charAt(i);
                if (c == '}') { // a stray closing brace: skip it
                    i++;
                    continue;
                }
                out.append(atom(out));
            }
            return out.toString();
        }

        private String atom(StringBuilder before) {
            char c = tex.charAt(i);
            switch (c) {
                case '{' -> {
                    return group();
                }
                case '^', '_' -> {
                    i++;
                    return script(argument(), c == '^');
                }
                case '~' -> {
                    i++;
                    return " ";
                }
                case '\\' -> {
                    return command(before);
                }
                default -> {
                    i++;
                    return String.valueOf(c);
                }
            }
        }

        /** A braced group's converted content; the reader stands after its closing brace. */
        private String group() {
            int depth = 0;
            int start = i + 1;
            for (int j = i; j < tex.length(); j++) {
                char c = tex.charAt(j);
                if (c == '\\') {
                    j++;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    i = j + 1;
                    return new MathReader(tex.substring(start, j)).read(Integer.MAX_VALUE);
                }
            }
            i = tex.length(); // unclosed: the rest is the group
            return new MathReader(tex.substring(start)).read(Integer.MAX_VALUE);
        }

        /** The next argument: a group, or one atom. */
        private String argument() {
            while (i < tex.length() && tex.charAt(i) == ' ') {
                i++;
            }
            if (i >= tex.length()) {
                return "";
            }
            return tex.charAt(i) == '{' ? group() : atom(new StringBuilder());
        }

        private String command(StringBuilder before) {
            int start = ++i;
            if (i >= tex.length()) {
                return "";
            }
            if (!Character.isLetter(tex.charAt(i))) { // a symbol command: \, \; \{ \% \\ ...
                char c = tex.charAt(i++);
                return switch (c) {
                    case ',', ';', ':', ' ', '>' -> " ";
                    case '!', '\\' -> "";
                    default -> String.valueOf(c);
                };
            }
            while (i < tex.length() && Character.isLetter(tex.charAt(i))) {
                i++;
            }
            String name = tex.substring(start, i);
            if (name.equals("frac") || name.equals("dfrac") || name.equals("tfrac")) {
                String top = argument().strip();
                String bottom = argument().strip();
                return wrap(top) + "/" + wrap(bottom);
            }
            if (name.equals("sqrt")) {
                return "√" + wrap(argument().strip());
            }
            if (name.equals("mathbb")) {
                String arg = argument();
                StringBuilder out = new StringBuilder();
                for (char c : arg.toCharArray()) {
                    out.append(DOUBLE_STRUCK.getOrDefault(c, c));
                }
                return out.toString();
            }
            if (STYLES.contains(name)) {
                return argument();
            }
            Character accent = ACCENTS.get(name);
            if (accent != null) {
                StringBuilder out = new StringBuilder();
                for (char c : argument().toCharArray()) {
                    out.append(c);
                    if (!Character.isWhitespace(c)) {
                        out.append(accent.charValue());
                    }
                }
                return out.toString();
            }
            if (FUNCTIONS.contains(name)) {
                boolean glued = !before.isEmpty() && Character.isLetterOrDigit(before.charAt(before.length() - 1));
                return (glued ? " " : "") + name;
            }
            String symbol = SYMBOLS.get(name);
            return symbol != null ? symbol : name; // an unknown command: its name reads better than a backslash
        }
    }

    /** {@code s} as one operand of a/b or √: bare when it is one symbol or one word or number. */
    private static String wrap(String s) {
        return s.codePointCount(0, s.length()) <= 1 || s.matches("[\\p{L}\\p{N}.]+") ? s : "(" + s + ")";
    }

    /** {@code s} as a superscript or subscript: Unicode scripts when each character has one, else ^(…) or _(…). */
    static String script(String s, boolean sup) {
        String body = s.strip();
        if (body.isEmpty()) {
            return "";
        }
        if (sup && (body.equals("*") || body.equals("′") || body.equals("∗"))) {
            return body.equals("′") ? "′" : "*";
        }
        if (sup && body.equals("⊤")) {
            return "ᵀ";
        }
        String from = sup ? SUP_FROM : SUB_FROM;
        String to = sup ? SUP_TO : SUB_TO;
        StringBuilder out = new StringBuilder(body.length());
        for (int k = 0; k < body.length(); k++) {
            int at = from.indexOf(body.charAt(k));
            if (at < 0) {
                String mark = sup ? "^" : "_";
                return body.codePointCount(0, body.length()) == 1 ? mark + body : mark + "(" + body + ")";
            }
            out.append(to.charAt(at));
        }
        return out.toString();
    }
}
