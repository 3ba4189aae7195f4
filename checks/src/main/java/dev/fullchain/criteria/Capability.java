package dev.fullchain.criteria;

/** The five capabilities of the seed's self-assessment, each criterion evidences one. */
public enum Capability {
    DEPLOY("Deploy: application to production"),
    OPERATE("Operate: monitoring and running it"),
    AUTOMATE_INFRA("Automate infrastructure: spin up and down, reproducibly"),
    CICD("CI/CD: from commit to deployment"),
    BEST_PRACTICES("Best practices: architecture, network, cloud, deployment");

    private final String title;

    Capability(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
