package org.cytoarrow.testdata;

/**
 * One simulated patient of the demo cohort: clinical data (sample sheet) and the true cell fractions used to draw
 * every event of the patient's tubes. Fractions are probabilities in [0, 1].
 *
 * @param id          patient id, e.g. P007
 * @param stage       diagnosis and stage
 * @param age         years
 * @param sex         "F" or "M"
 * @param del17p      cytogenetic deletion 17p
 * @param del11q      cytogenetic deletion 11q
 * @param plasma      plasma cells among single cells (stained and isotype tubes)
 * @param cd138       CD138+ among plasma cells
 * @param il6         IL-6+ among CD138+ plasma cells (stained tube; 0 in the isotype tube)
 * @param spontaneous PI+ among single cells without treatment
 * @param specific    dexamethasone-specific apoptosis: treated = spontaneous + (1 - spontaneous) * specific
 * @param ttpMonths   time to progression / first treatment (months, one decimal), or to censoring
 * @param progression whether progression was observed (false = censored)
 */
record Patient(String id, Stage stage, int age, String sex, boolean del17p, boolean del11q, double plasma,
               double cd138, double il6, double spontaneous, double specific, double ttpMonths,
               boolean progression) {

    /** Diagnosis and stage with the ranges the simulation draws from. */
    enum Stage {
        MGUS("MGUS", "", 0.02, 0.06, 0.02, 0.08, 120, 0.03),
        I("MM", "I", 0.08, 0.15, 0.08, 0.16, 60, 0.08),
        II("MM", "II", 0.12, 0.25, 0.14, 0.24, 40, 0.10),
        III("MM", "III", 0.20, 0.40, 0.22, 0.34, 24, 0.15),
        RR("MM", "RR", 0.25, 0.50, 0.30, 0.45, 12, 0.25);

        final String diagnosis;
        final String label;
        final double plasmaLo;
        final double plasmaHi;
        final double il6Lo;
        final double il6Hi;
        final double medianTtpMonths;
        final double del17pRate;

        Stage(String diagnosis, String label, double plasmaLo, double plasmaHi, double il6Lo, double il6Hi,
              double medianTtpMonths, double del17pRate) {
            this.diagnosis = diagnosis;
            this.label = label;
            this.plasmaLo = plasmaLo;
            this.plasmaHi = plasmaHi;
            this.il6Lo = il6Lo;
            this.il6Hi = il6Hi;
            this.medianTtpMonths = medianTtpMonths;
            this.del17pRate = del17pRate;
        }
    }

    /**
     * Draws a patient. Median time to progression by stage: MGUS 120, I 60, II 40, III 24, RR 12 months;
     * censoring uniform in 12-120 (MGUS) or 6-72 months. IL-6+ fraction rises with stage; dexamethasone-specific
     * apoptosis falls with IL-6 (IL-6 protects myeloma cells from dexamethasone); the progression hazard is the
     * stage's median-based rate times
     * exp(10 * (il6 - stage midpoint)) times 1.8 with del17p, so high IL-6 means shorter time to progression.
     */
    static Patient draw(String id, Stage stage, Rng rng) {
        int age = stage == Stage.MGUS ? rng.uniformInt(50, 85) : rng.uniformInt(45, 85);
        String sex = rng.bernoulli(0.5) ? "F" : "M";
        boolean del17p = rng.bernoulli(stage.del17pRate);
        boolean del11q = rng.bernoulli(0.10);
        double plasma = rng.uniform(stage.plasmaLo, stage.plasmaHi);
        double cd138 = rng.uniform(0.85, 0.98);
        double il6 = rng.uniform(stage.il6Lo, stage.il6Hi);
        double spontaneous = rng.uniform(0.05, 0.15);
        double specific = Math.max(0.05, Math.min(0.60, 0.50 - 0.8 * il6 + rng.uniform(-0.05, 0.05)));
        double hazard = StrictMath.log(2) / stage.medianTtpMonths
                * StrictMath.exp(10.0 * (il6 - (stage.il6Lo + stage.il6Hi) / 2)) * (del17p ? 1.8 : 1.0);
        double eventTime = rng.exponential(hazard);
        double censor = stage == Stage.MGUS ? rng.uniform(12, 120) : rng.uniform(6, 72);
        boolean progression = eventTime <= censor;
        double ttp = Math.round(Math.min(eventTime, censor) * 10) / 10.0;
        return new Patient(id, stage, age, sex, del17p, del11q, plasma, cd138, il6, spontaneous, specific,
                Math.max(0.1, ttp), progression);
    }
}
