package dev.fullchain.criteria;

import dev.fullchain.junit.CriterionExtension;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test as the check of one catalogued criterion. Day, tier, capability, title and
 * hint come from the catalog (criteria.yaml), so selection, skips, messages and reports
 * agree with each other.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(CriterionExtension.class)
public @interface Criterion {
    /** The criterion ID, e.g. "D1.IMG.PINNED". */
    String value();
}
