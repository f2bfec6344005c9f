# Reference values for tests/stats/test_{proportions,contingency,regression,survey}.py (analysis.stats).
#
# Run from the project root:  Rscript tests/stats/stats_reference.R
# Needs R (>= 4.2) and the survey package (Debian: r-base-core r-cran-survey).
# Produced with R 4.2.2 and survey 4.1.1; every number in those tests that
# carries an "# R:" comment was printed by this script. The Python package does
# not need R.

suppressPackageStartupMessages(library(survey))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script)) dirname(normalizePath(script)) else file.path("tests", "stats")
data_dir <- file.path(here, "..", "data")

show <- function(label, x) {
  cat(label, ": ", paste(format(x, digits = 15), collapse = "  "), "\n", sep = "")
}
section <- function(title) cat("\n## ", title, "\n", sep = "")

cat(R.version.string, "| survey", as.character(packageVersion("survey")), "\n")

# ---------------------------------------------------------------- proportion
section("proportion: Wilson score interval = prop.test(x, n, correct = FALSE)$conf.int")
wilson <- function(x, n, conf.level = 0.95) {
  # (R warns "Chi-squared approximation may be incorrect" for small counts;
  # the warning concerns the test, not the interval)
  suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = conf.level)$conf.int[1:2])
}
show("salon 31/38", wilson(31, 38))
show("salon 31/38 level 0.90", wilson(31, 38, 0.90))
show("0/12", wilson(0, 12))
show("12/12", wilson(12, 12))
show("1/1", wilson(1, 1))

bank <- read.csv(file.path(data_dir, "uci_bank_extract.csv"), stringsAsFactors = TRUE)
bank$subscribed <- as.integer(bank$y == "yes")
cat("bank rows:", nrow(bank), " subscribed:", sum(bank$subscribed), "\n")
by_marital <- aggregate(subscribed ~ marital, data = bank,
                        FUN = function(v) c(x = sum(v), n = length(v)))
for (i in seq_len(nrow(by_marital))) {
  x <- by_marital$subscribed[i, "x"]; n <- by_marital$subscribed[i, "n"]
  show(sprintf("bank marital=%s  x, n, rate, ci", by_marital$marital[i]),
       c(x, n, x / n, wilson(x, n)))
}

# ------------------------------------------------------- compare_proportions
section("compare_proportions")
newcombe <- function(x1, n1, x2, n2, conf.level = 0.95) {
  # Newcombe (1998) method 10, from the Wilson limits of each group
  p1 <- x1 / n1; p2 <- x2 / n2
  w1 <- wilson(x1, n1, conf.level); w2 <- wilson(x2, n2, conf.level)
  c(p1 - p2 - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2),
    p1 - p2 + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}
compare <- function(label, x1, n1, x2, n2, conf.level = 0.95) {
  pt <- suppressWarnings(prop.test(c(x1, x2), c(n1, n2), correct = FALSE,
                                   conf.level = conf.level))
  ft <- fisher.test(matrix(c(x1, n1 - x1, x2, n2 - x2), 2, byrow = TRUE))
  ex <- suppressWarnings(chisq.test(matrix(c(x1, n1 - x1, x2, n2 - x2), 2, byrow = TRUE),
                                    correct = FALSE)$expected)
  show(paste(label, "estimate"), unname(pt$estimate[1] - pt$estimate[2]))
  show(paste(label, "wald ci (prop.test)"), pt$conf.int[1:2])
  show(paste(label, "chisq p (prop.test)"), pt$p.value)
  show(paste(label, "newcombe ci"), newcombe(x1, n1, x2, n2, conf.level))
  show(paste(label, "fisher p (fisher.test)"), ft$p.value)
  show(paste(label, "min expected"), min(ex))
}
# bank: subscription among clients without vs with a housing loan
h <- table(bank$housing, bank$subscribed)
print(h)
compare("bank housing no vs yes", h["no", "1"], sum(h["no", ]), h["yes", "1"], sum(h["yes", ]))
compare("bank housing no vs yes level 0.90", h["no", "1"], sum(h["no", ]),
        h["yes", "1"], sum(h["yes", ]), 0.90)
compare("salon 31/38 vs 12/30", 31, 38, 12, 30)
compare("Newcombe (a) 56/70 vs 48/80", 56, 70, 48, 80)
compare("Newcombe (b) 9/10 vs 3/10", 9, 10, 3, 10)
compare("Newcombe (d) 5/56 vs 0/29", 5, 56, 0, 29)
compare("0/10 vs 0/20", 0, 10, 0, 20)

# --------------------------------------------------------------- contingency
section("contingency: chisq.test(tab, correct = FALSE)")
cramer <- function(ct, tab) sqrt(unname(ct$statistic) / (sum(tab) * (min(dim(tab)) - 1)))
report_table <- function(label, tab) {
  ct <- suppressWarnings(chisq.test(tab, correct = FALSE))
  show(paste(label, "chi2, df, p"), c(unname(ct$statistic), unname(ct$parameter), ct$p.value))
  show(paste(label, "cramers_v"), cramer(ct, tab))
  show(paste(label, "n, min expected, share expected < 5"),
       c(sum(tab), min(ct$expected), mean(ct$expected < 5)))
  invisible(ct)
}
# Agresti, Categorical Data Analysis (2nd ed. 2002, Table 3.2; 3rd ed. 2013,
# Table 3.2): party identification by gender, General Social Survey.
party <- matrix(c(762, 327, 468,
                  484, 239, 477), nrow = 2, byrow = TRUE,
                dimnames = list(gender = c("female", "male"),
                                party = c("democrat", "independent", "republican")))
ct <- report_table("Agresti party x gender", party)
show("Agresti expected (row-major)", t(ct$expected))
show("Agresti residuals (row-major)", t(ct$residuals))
show("Agresti stdres (row-major)", t(ct$stdres))
report_table("bank marital x y", table(bank$marital, bank$y))
report_table("bank job x y", table(bank$job, bank$y))
report_table("bank housing x y (2x2)", table(bank$housing, bank$y))

# --------------------------------------------------------------------- logit
section("logit: glm(binomial), exp(confint.default)")
report_glm <- function(label, fit, level = 0.95) {
  co <- summary(fit)$coefficients
  ci <- exp(confint.default(fit, level = level))
  cat(label, " terms: ", paste(rownames(co), collapse = "  "), "\n", sep = "")
  show(paste(label, "estimate"), co[, 1])
  show(paste(label, "std_error"), co[, 2])
  show(paste(label, "odds_ratio"), exp(co[, 1]))
  show(paste(label, "ci_low"), ci[, 1])
  show(paste(label, "ci_high"), ci[, 2])
  show(paste(label, "p_value"), co[, 4])
  show(paste(label, "n"), nobs(fit))
}
# glm's default convergence criterion (epsilon = 1e-8) stops one IRLS step
# early here and its standard errors then differ from the converged ones by up
# to 1.3e-5 (relative; coefficients by < 1e-9). statsmodels converges fully, so
# the references are fitted to convergence:
tight <- glm.control(epsilon = 1e-12, maxit = 100)
fit <- glm(subscribed ~ age + balance + housing + loan + marital,
           family = binomial, data = bank, control = tight)
report_glm("bank full", fit)
report_glm("bank full level 0.90", fit, 0.90)
# missing values: rows 3, 17, 250 (1-based) lose age; rows 17, 4000 lose balance
bank_na <- bank
bank_na$age[c(3, 17, 250)] <- NA
bank_na$balance[c(17, 4000)] <- NA
fit_na <- glm(subscribed ~ age + balance + housing, family = binomial, data = bank_na,
              control = tight)
report_glm("bank with NA", fit_na)

# -------------------------------------------------------- stratified survey
section("stratified_proportion: survey::svydesign / svymean / confint")
survey_all <- read.csv(file.path(data_dir, "stratified_survey.csv"), stringsAsFactors = TRUE)
with_weights <- function(d) {
  d$n_h <- ave(d$y, d$community_id, FUN = length)
  d$w <- d$households / d$n_h
  d
}
design <- function(d) svydesign(ids = ~1, strata = ~community_id, weights = ~w,
                                fpc = ~households, data = with_weights(d))
s3 <- droplevels(subset(survey_all, community_id != "D"))
des <- design(s3)
m <- svymean(~y, des)
show("strata ABC y: mean, SE", c(coef(m), SE(m)))
show("strata ABC y: confint", confint(m))
show("strata ABC y: confint level 0.90", confint(m, level = 0.90))
mc <- svymean(~channel, des)
cat("channel levels: ", paste(names(coef(mc)), collapse = "  "), "\n")
show("strata ABC channel: mean", coef(mc))
show("strata ABC channel: SE", SE(mc))
show("strata ABC channel: ci_low", confint(mc)[, 1])
show("strata ABC channel: ci_high", confint(mc)[, 2])

options(survey.lonely.psu = "adjust")
m4 <- svymean(~y, design(survey_all))
show("strata ABCD (D lonely) adjust y: mean, SE", c(coef(m4), SE(m4)))
show("strata ABCD (D lonely) adjust y: confint", confint(m4))
options(survey.lonely.psu = "fail")
res <- try(svymean(~y, design(survey_all)), silent = TRUE)
cat("strata ABCD lonely fail:", conditionMessage(attr(res, "condition")), "\n")
# a single respondent who is the whole stratum (households = 1) is a certainty
# unit: no error, no variance contribution
census <- survey_all
census$households[census$community_id == "D"] <- 1
mc1 <- svymean(~y, design(census))
show("strata ABCD (D census, N_h = 1) fail: mean, SE", c(coef(mc1), SE(mc1)))
