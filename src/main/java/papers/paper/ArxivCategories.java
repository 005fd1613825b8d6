package papers.paper;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * arXiv's category taxonomy (arxiv.org/category_taxonomy), with the retired archive names old papers still carry.
 * A {@code category=} filter must name one of these: a typo answers 400, while a real category no paper here has yet
 * answers an empty list.
 */
public final class ArxivCategories {

    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("cs", "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE "
                    + "NI OH OS PF PL RO SC SD SE SI SY"),
            Map.entry("econ", "EM GN TH"),
            Map.entry("eess", "AS IV SP SY"),
            Map.entry("math", "AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC PR QA RA RT "
                    + "SG SP ST"),
            Map.entry("astro-ph", "CO EP GA HE IM SR"),
            Map.entry("cond-mat", "dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con"),
            Map.entry("nlin", "AO CD CG PS SI"),
            Map.entry("physics", "acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph data-an ed-ph "
                    + "flu-dyn gen-ph geo-ph hist-ph ins-det med-ph optics plasm-ph pop-ph soc-ph space-ph"),
            Map.entry("q-bio", "BM CB GN MN NC OT PE QM SC TO"),
            Map.entry("q-fin", "CP EC GN MF PM PR RM ST TR"),
            Map.entry("stat", "AP CO ME ML OT TH"));

    /** Archives that are categories on their own, current and retired. */
    private static final String WHOLE = "astro-ph cond-mat gr-qc hep-ex hep-lat hep-ph hep-th math-ph nucl-ex nucl-th "
            + "quant-ph acc-phys adap-org alg-geom ao-sci atom-ph bayes-an chao-dyn chem-ph cmp-lg comp-gas dg-ga "
            + "funct-an mtrl-th patt-sol plasm-ph q-alg solv-int supr-con";

    private static final Map<String, String> BY_KEY = new TreeMap<>();

    static {
        Set<String> all = new HashSet<>(Set.of(WHOLE.split(" ")));
        GROUPS.forEach((archive, subs) -> {
            for (String s : subs.split(" ")) {
                all.add(archive + "." + s);
            }
        });
        all.forEach(c -> BY_KEY.put(c.toLowerCase(Locale.ROOT), c));
    }

    private ArxivCategories() {
    }

    /** Whether arXiv has the category (spelled as arXiv writes it, or in any case). */
    public static boolean exists(String name) {
        return name != null && BY_KEY.containsKey(name.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * The category as arXiv spells it ({@code CS.cl} gives {@code cs.CL}); {@link IllegalArgumentException} naming
     * the problem when arXiv has no such category.
     */
    public static String check(String name) {
        String found = name == null ? null : BY_KEY.get(name.strip().toLowerCase(Locale.ROOT));
        if (found == null) {
            throw new IllegalArgumentException("'" + name + "' is not an arXiv category (like cs.CL, cs.LG, stat.ML "
                    + "or hep-th; see arxiv.org/category_taxonomy)");
        }
        return found;
    }

    public static int count() {
        return BY_KEY.size();
    }
}
