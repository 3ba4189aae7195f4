package dev.fullchain.junit;

import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.Criterion;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGenerator;

/** Names each check by its criterion headline ("D1.IMG.PINNED — every FROM is pinned ..."). */
public class CriterionDisplayNames extends DisplayNameGenerator.Standard {

    @Override
    public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method testMethod) {
        Criterion c = testMethod.getAnnotation(Criterion.class);
        if (c != null) {
            return Catalog.get().find(c.value()).map(s -> s.headline()).orElse(c.value() + " (unknown criterion ID)");
        }
        return super.generateDisplayNameForMethod(enclosingInstanceTypes, testClass, testMethod);
    }
}
