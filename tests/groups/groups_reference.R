# Reference values for tests/groups/test_*.py (analysis.groups) and tests/stats/test_counts.py
# (analysis.stats.counts: the content calendar's weekday model).
#
# Run from the project root:  Rscript tests/groups/groups_reference.R
# Needs R (>= 4.2) with MASS, sandwich and lmtest
# (Debian: r-cran-mass r-cran-sandwich r-cran-lmtest).
# Produced with R 4.2.2, MASS 7.3-58.2, sandwich 3.0-2, lmtest 0.9-40; every number in
# those tests that carries an "# R:" comment was printed by this script. The Python
# package does not need R.

suppressPackageStartupMessages({
  library(MASS)
  library(sandwich)
  library(lmtest)
})

show <- function(label, x) {
  cat(label, ": ", paste(format(x, digits = 15), collapse = "  "), "\n", sep = "")
}
section <- function(title) cat("\n## ", title, "\n", sep = "")
wilson <- function(x, n, conf.level = 0.95) {
  suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = conf.level)$conf.int[1:2])
}

cat(R.version.string, "| MASS", as.character(packageVersion("MASS")),
    "| sandwich", as.character(packageVersion("sandwich")),
    "| lmtest", as.character(packageVersion("lmtest")), "\n")

# ------------------------------------------------------------------ funnel
section("tier_funnel on the hand-built groups: Wilson intervals of the hand counts")
# mass 7, potential 5, elite 4, deal 2 (see tests/groups/conftest.py for the count)
show("step potential 5/7", wilson(5, 7))
show("step elite 4/5", wilson(4, 5))
show("step deal 2/4", wilson(2, 4))
show("overall elite 4/7", wilson(4, 7))
show("overall deal 2/7", wilson(2, 7))
show("entries potential 2/7", wilson(2, 7))
show("level 0.90: step potential 5/7", wilson(5, 7, 0.90))

section("step_times: order-statistic interval of the median, n = 20 (1..20 days)")
x <- 1:20
k <- qbinom(0.025, 20, 0.5)  # Conover: [x(k), x(n + 1 - k)]
show("k", k)
show("median, ci", c(median(x), sort(x)[k], sort(x)[20 + 1 - k]))
show("quantile type 7 (0.25, 0.75)", quantile(x, c(0.25, 0.75), type = 7))

section("portfolio: people x Wilson bounds of the tier conversions")
# conversions: mass 2/7, potential 2/5, elite 2/4; owners S1: 5 mass, S2: 7 potential,
# S3: 6 elite, none: 2 mass
conv <- rbind(mass = wilson(2, 7), potential = wilson(2, 5), elite = wilson(2, 4))
show("S1 5 x mass bounds", 5 * conv["mass", ])
show("S2 7 x potential bounds", 7 * conv["potential", ])
show("S3 6 x elite bounds", 6 * conv["elite", ])
show("all: 2 potential + 6 elite bounds", 2 * conv["potential", ] + 6 * conv["elite", ])

section("group_health: active share 3 of 3 in the hand-built week")
show("3/3", wilson(3, 3))

section("hook: claim rate 3000/20000")
show("claim rate ci", wilson(3000, 20000))

# ------------------------------------------------------------- size model
# Every GLM runs to full convergence: the default (epsilon = 1e-8 on the deviance) leaves the
# standard errors about 1e-7 off, which moves small p-values in the 6th digit.
tight <- glm.control(epsilon = 1e-15, maxit = 100)

section("size_activity: binomial GLM, cluster-robust (HC1) by group, t(G - 1)")
health <- data.frame(
  group_id = c("A", "A", "B", "B", "C", "C", "D", "D", "E", "E", "F", "F"),
  tier = c(rep("elite", 8), rep("potential", 4)),
  members = c(10, 10, 13, 13, 9, 9, 14, 14, 40, 42, 35, 35),
  active_members = c(6, 4, 5, 7, 5, 6, 4, 3, 9, 6, 12, 8)
)
health$tier <- factor(health$tier, levels = c("potential", "elite"))
health$size <- ave(health$members, health$group_id, FUN = median)
health$small <- as.integer(health$size <= 11)
G <- length(unique(health$group_id))
robust <- function(label, f) {
  V <- vcovCL(f, cluster = ~group_id, type = "HC1")
  ct <- coeftest(f, vcov. = V, df = G - 1)
  ci <- coefci(f, vcov. = V, df = G - 1, level = 0.95)
  for (term in rownames(ct)[-1]) {
    show(sprintf("%s %s OR, ci_low, ci_high, p", label, term),
         c(exp(ct[term, 1]), exp(ci[term, ]), ct[term, 4]))
  }
}
robust("unadjusted", glm(cbind(active_members, members - active_members) ~ small,
                         family = binomial, data = health, control = tight))
robust("within_tier", glm(cbind(active_members, members - active_members) ~ small + tier,
                          family = binomial, data = health, control = tight))
robust("size_slope", glm(cbind(active_members, members - active_members) ~ log2(size) + tier,
                         family = binomial, data = health, control = tight))

# -------------------------------------------------------- content calendar
section("content_calendar: Poisson and negative binomial GLMs with offset log(member_days)")
days <- c("mon", "tue", "wed", "thu", "fri", "sat", "sun")
counts <- list(
  A = list(text = c(2, 0, 3, 1, 6, 0, 1, 14, 1, 9, 0, 2, 5, 0),
           question = c(3, 0, 2, 0, 4, 0, 0, 0, 1, 11, 0, 1, 0, 3),
           game = c(0, 4, 1, 6, 2, 0, 0, 0, 13, 0, 1, 5, 0, 0),
           red_packet = c(0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 8, 0, 0)),
  B = list(text = c(5, 2, 8, 0, 12, 1, 0, 1, 13, 1, 9, 2, 0, 6),
           question = c(6, 1, 4, 0, 9, 0, 1, 0, 0, 14, 1, 2, 0, 0),
           game = c(1, 9, 0, 11, 3, 0, 1, 0, 1, 2, 15, 4, 0, 1),
           red_packet = c(0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 6, 0, 0))
)
exposure <- list(A = rep(10, 14), B = c(20, 20, 20, 20, 20, 19, 19, 19, 19, 18, 18, 18, 18, 18))
cal <- do.call(rbind, lapply(names(counts), function(g) {
  do.call(rbind, lapply(names(counts[[g]]), function(k) {
    data.frame(group_id = g, day = 1:14, weekday = days[(0:13) %% 7 + 1], kind = k,
               messages = counts[[g]][[k]], member_days = exposure[[g]])
  }))
}))
sop_days <- list(product_post = c("mon", "wed", "fri"), question = c("mon", "wed", "fri"),
                 game = c("tue", "thu"), red_packet = "fri")

# weekday model: all kinds summed per group and day
daily <- aggregate(messages ~ group_id + day + weekday + member_days, data = cal, FUN = sum)
daily$weekday <- factor(daily$weekday, levels = days)
daily$group_id <- factor(daily$group_id)
wald <- function(label, f, terms) {
  b <- coef(f); se <- sqrt(diag(vcov(f))); z <- qnorm(0.975)
  p <- summary(f)$coefficients[, 4]
  for (term in terms) {
    show(sprintf("%s %s RR, ci_low, ci_high, p", label, term),
         c(exp(b[term]), exp(b[term] - z * se[term]), exp(b[term] + z * se[term]), p[term]))
  }
}
wd_terms <- paste0("weekday", days[-1])
pois_wd <- glm(messages ~ group_id + weekday, family = poisson, offset = log(member_days), data = daily,
               control = tight)
wald("weekday poisson", pois_wd, wd_terms)
nb_wd <- glm.nb(messages ~ group_id + weekday + offset(log(member_days)), data = daily, control = tight)
wald("weekday negbin", nb_wd, wd_terms)
show("weekday pearson dispersion", sum(residuals(pois_wd, type = "pearson")^2) / df.residual(pois_wd))
show("weekday alpha = 1/theta", 1 / nb_wd$theta)
lr <- 2 * (as.numeric(logLik(nb_wd)) - as.numeric(logLik(pois_wd)))
show("weekday LR, p (half chi-square 1)", c(lr, pchisq(lr, 1, lower.tail = FALSE) / 2))

# SOP model: question and game (red packets all fall on Fridays: not estimable, left out)
sop <- subset(cal, kind %in% c("question", "game"))
sop$sop <- as.integer(mapply(function(w, k) w %in% sop_days[[k]], sop$weekday, sop$kind))
sop$kind <- factor(sop$kind)
sop$group_id <- factor(sop$group_id)
sop_terms <- c("kindquestion:sop", "kindgame:sop")
pois_sop <- glm(messages ~ group_id + kind + kind:sop, family = poisson, offset = log(member_days),
                data = sop, control = tight)
wald("sop poisson", pois_sop, sop_terms)
nb_sop <- glm.nb(messages ~ group_id + kind + kind:sop + offset(log(member_days)), data = sop, control = tight)
wald("sop negbin", nb_sop, sop_terms)
show("sop alpha = 1/theta", 1 / nb_sop$theta)
lr <- 2 * (as.numeric(logLik(nb_sop)) - as.numeric(logLik(pois_sop)))
show("sop LR, p", c(lr, pchisq(lr, 1, lower.tail = FALSE) / 2))
