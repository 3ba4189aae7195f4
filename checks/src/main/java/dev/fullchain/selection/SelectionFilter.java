package dev.fullchain.selection;

import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.criteria.CriterionSpec;
import java.util.Optional;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Keeps the checks of the selected days and tiers, reading each check's day and tier from
 * the catalog through its @Criterion: no tag to keep in sync. Tests without @Criterion
 * (self-tests) are left to Surefire's groups. Registered by ServiceLoader with the
 * selection from system properties (-Dday, -Dtier); nested runs pass their own.
 */
public class SelectionFilter implements PostDiscoveryFilter {

    private final Selection selection;

    public SelectionFilter() {
        this(Selection.parse(System.getProperty("day"), System.getProperty("tier")));
    }

    public SelectionFilter(Selection selection) {
        this.selection = selection;
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        Optional<CriterionSpec> spec = criterionOf(descriptor);
        if (spec.isEmpty()) {
            return FilterResult.included("not a criterion check");
        }
        return selection.includes(spec.get())
                ? FilterResult.included(spec.get().id() + " is selected")
                : FilterResult.excluded(spec.get().id() + " is outside " + selection.describe());
    }

    /** The catalog entry of a check, if the descriptor is one. Unknown IDs are left in, to fail loudly. */
    public static Optional<CriterionSpec> criterionOf(TestDescriptor descriptor) {
        return descriptor.getSource()
                .filter(MethodSource.class::isInstance)
                .map(MethodSource.class::cast)
                .flatMap(SelectionFilter::annotation)
                .flatMap(id -> Catalog.get().find(id));
    }

    static Optional<String> annotation(MethodSource source) {
        try {
            Criterion c = source.getJavaMethod().getAnnotation(Criterion.class);
            return Optional.ofNullable(c).map(Criterion::value);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
