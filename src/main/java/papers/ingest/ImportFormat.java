package papers.ingest;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The formats {@code papers import} reads, by the name users type. */
public enum ImportFormat {
    HF_DAILY("hf-daily"),
    ARXIV_ATOM("arxiv-atom"),
    OAI("oai");

    private final String cliName;

    ImportFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static ImportFormat fromName(String name) {
        for (ImportFormat f : values()) {
            if (f.cliName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "'; expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(ImportFormat::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
