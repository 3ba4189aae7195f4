package dev.fullchain.day3;

import dev.fullchain.check.CheckFailure;
import dev.fullchain.check.Findings;
import dev.fullchain.model.helm.ChartChoice;
import dev.fullchain.model.helm.RenderFailure;
import dev.fullchain.report.Evidence;
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
 * The app chart rendered with each of its values files, for the Day 3 static checks. A values
 * file with which Helm cannot render is D3.CHART.RENDER's finding; the other checks judge the
 * renders that worked, and are blocked only when none did. When the repository has several
 * charts, every failure says which one was taken as the app chart, and why.
 */
final class Renders {

    private Renders() {
    }

    /** One values file and what Helm made of it: a render, or Helm's refusal. */
    record Outcome(ValuesFile values, Optional<RenderedChart> rendered, Optional<RenderFailure> failure) {
    }

    /** The app chart (Missing when there is none, which the check lets through), or a finding when it cannot be read. */
    static Optional<HelmChart> chart(HelmCharts helm, Findings findings) {
        try {
            HelmChart chart = helm.chart();
            if (helm.choice().hadAChoice()) {
                Evidence.text("app chart", helm.choice().describe());
            }
            chart.metadata();
            return Optional.of(chart);
        } catch (BadInput bad) {
            findings.add(bad);
            return Optional.empty();
        }
    }

    /** Every values file of the app chart with its render or its failure (a file that cannot be listed is a finding). */
    static List<Outcome> outcomes(HelmCharts helm, Findings findings) {
        List<Outcome> out = new ArrayList<>();
        chart(helm, findings).ifPresent(chart -> findings.tolerating(() -> {
            for (ValuesFile values : chart.valuesFiles()) {
                try {
                    out.add(new Outcome(values, Optional.of(chart.render(values)), Optional.empty()));
                } catch (RenderFailure failure) {
                    out.add(new Outcome(values, Optional.empty(), Optional.of(failure)));
                } catch (BadInput bad) {
                    findings.add(bad);
                }
            }
        }));
        return out;
    }

    /**
     * The renders that worked. A values file Helm cannot render with is left to D3.CHART.RENDER;
     * when none rendered, the check is blocked by each failure.
     */
    static List<RenderedChart> all(HelmCharts helm, Findings findings) {
        List<Outcome> outcomes = outcomes(helm, findings);
        List<RenderedChart> rendered = outcomes.stream().flatMap(o -> o.rendered().stream()).toList();
        if (rendered.isEmpty()) {
            outcomes.stream().flatMap(o -> o.failure().stream()).forEach(findings::add);
        }
        return rendered;
    }

    /** The chart rendered with one values file; a failure blocks the check. */
    static Optional<RenderedChart> render(HelmChart chart, ValuesFile values, Findings findings) {
        try {
            return Optional.of(chart.render(values));
        } catch (BadInput bad) {
            findings.add(bad);
            return Optional.empty();
        }
    }

    /** Ends the check: nothing found passes; otherwise the findings, headed by the app chart taken when there was a choice. */
    static void judge(HelmCharts helm, Findings findings) {
        try {
            findings.assertNone();
        } catch (CheckFailure failure) {
            ChartChoice choice;
            try {
                choice = helm.choice();
            } catch (RuntimeException noChart) {
                throw failure;
            }
            if (!choice.hadAChoice()) {
                throw failure;
            }
            throw new CheckFailure(failure.verdict(), "app chart: " + choice.describe() + "\n" + failure.getMessage());
        }
    }

    /** "(with values-prod.yaml)", the values file that produced an object, for messages. */
    static String with(RenderedChart r) {
        return with(r.values());
    }

    static String with(ValuesFile values) {
        return "(with " + values.fileName() + ")";
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
