package dev.fullchain.day3;

import dev.fullchain.check.Findings;
import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.RenderedChart;
import dev.fullchain.model.helm.RenderedObject;
import dev.fullchain.model.helm.ValuesFile;
import dev.fullchain.model.helm.Workload;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The app chart rendered with each of its values files, for the Day 3 static checks. A chart
 * or values file that cannot be rendered becomes a finding of the check that asked, so the
 * other values files are still checked.
 */
final class Renders {

    private Renders() {
    }

    /** The app chart (the first charts/* with a Chart.yaml), or a finding when there is none. */
    static Optional<HelmChart> chart(HelmCharts helm, Findings findings) {
        try {
            HelmChart chart = helm.chart();
            chart.metadata();
            return Optional.of(chart);
        } catch (BadInput bad) {
            findings.add(bad);
            return Optional.empty();
        }
    }

    /** The chart rendered with values.yaml and each values-&lt;env&gt;.yaml; failures recorded. */
    static List<RenderedChart> all(HelmCharts helm, Findings findings) {
        List<RenderedChart> out = new ArrayList<>();
        chart(helm, findings).ifPresent(chart -> {
            List<ValuesFile> files;
            try {
                files = chart.valuesFiles();
            } catch (BadInput bad) {
                findings.add(bad);
                return;
            }
            files.forEach(values -> render(chart, values, findings).ifPresent(out::add));
        });
        return out;
    }

    /** The chart rendered with one values file; a failure recorded. */
    static Optional<RenderedChart> render(HelmChart chart, ValuesFile values, Findings findings) {
        try {
            return Optional.of(chart.render(values));
        } catch (BadInput bad) {
            findings.add(bad);
            return Optional.empty();
        }
    }

    /** "(with values-prod.yaml)", the values file that produced an object, for messages. */
    static String with(RenderedChart r) {
        return with(r.values());
    }

    static String with(ValuesFile values) {
        return "(with " + values.path().substring(values.path().lastIndexOf('/') + 1) + ")";
    }

    /** The object's template, at the first line holding one of the needles (the template alone when none does). */
    static Location at(Target target, RenderedObject o, String... needles) {
        return at(target, o.template(), needles);
    }

    static Location at(Target target, Workload w, Container c, String... needles) {
        Location container = at(target, w.template(), "name: " + c.getName());
        if (needles.length == 0) {
            return container;
        }
        Optional<SourceFile> file = read(target, w.template());
        if (file.isEmpty()) {
            return container;
        }
        List<String> lines = file.get().lines();
        for (int i = Math.max(container.line() - 1, 0); i < lines.size(); i++) {
            for (String needle : needles) {
                if (lines.get(i).contains(needle)) {
                    return Location.of(w.template()).atLine(i + 1);
                }
            }
        }
        return container;
    }

    static Location at(Target target, String template, String... needles) {
        Optional<SourceFile> file = read(target, template);
        if (file.isPresent()) {
            List<String> lines = file.get().lines();
            for (String needle : needles) {
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(needle)) {
                        return Location.of(template).atLine(i + 1);
                    }
                }
            }
        }
        return Location.of(template);
    }

    private static Optional<SourceFile> read(Target target, String path) {
        try {
            return target.readOptional(path);
        } catch (BadInput bad) {
            return Optional.empty();
        }
    }
}
