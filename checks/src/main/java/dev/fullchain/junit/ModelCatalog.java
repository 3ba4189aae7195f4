package dev.fullchain.junit;

/** The one place that lists which models checks can receive as parameters. */
final class ModelCatalog {

    private ModelCatalog() {
    }

    static void registerAll() {
        Models.register(dev.fullchain.model.app.AppProject.class, dev.fullchain.model.app.AppProject::load);
        Models.register(dev.fullchain.model.terraform.TerraformProject.class, dev.fullchain.model.terraform.TerraformProject::load);
        Models.register(dev.fullchain.model.helm.HelmCharts.class, dev.fullchain.model.helm.HelmCharts::load);
        Models.register(dev.fullchain.model.workflow.Workflows.class, dev.fullchain.model.workflow.Workflows::load);
        Models.register(dev.fullchain.model.observability.ObservabilityStack.class,
                // the helm model is asked for later, not while this one is being registered in the cache
                t -> dev.fullchain.model.observability.ObservabilityStack.of(t, () -> Models.of(dev.fullchain.model.helm.HelmCharts.class, t)));
    }
}
