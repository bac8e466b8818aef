// The built-in default configuration (SPEC 2), loaded through the same path as a file.
#include "attrition/config.h"

namespace attrition::config {
namespace {

// Keep in step with the member initialisers in config.h (a test compares them) and with
// docs/config.md.
constexpr std::string_view kDefaultConfigYaml =
    R"yaml(# attrition configuration: the built-in default.
#
# `attrition check-config --print-defaults > config.yaml` starts a new config from it;
# `attrition check-config` checks one. docs/config.md describes every key.
# Any string may be written as ${env:NAME} or ${file:PATH}; such values are secrets and
# are never printed. Passwords in URLs must be written that way.

# The model (SPEC 7): the seed's settings, with the training window moved into the
# generator's default date range 2021-01..2024-12. Every training month needs the 6
# months after it for its label: max_month + 6 <= the last month of data.
train:
  sampling: 'down'            # down | up | none
  split:
    mode: 'last_n_months'     # last_n_months (months: N) | randomized (perc_test: 0..1)
    months: 3
  start_month: '2021-07'
  max_month: '2024-06'
  profiling: true
  rename_cols:                # one-hot column -> model feature name
    PAYOR_TYPE_Commercial: 'PAYOR_TYPE_COMMERCIAL'
    PAYOR_TYPE_Generic-Other: 'PAYOR_TYPE_GENERIC_OTHER'
    PAYOR_TYPE_Managed Medicaid: 'PAYOR_TYPE_MANAGED_MEDICAID'
    PAYOR_TYPE_Managed Medicare: 'PAYOR_TYPE_MANAGED_MEDICARE'
    PAYOR_TYPE_Medicare: 'PAYOR_TYPE_MEDICARE'
    PAYOR_TYPE_Pharmacy: 'PAYOR_TYPE_PHARMACY'
    PAYOR_TYPE_State Medicaid: 'PAYOR_TYPE_STATE_MEDICAID'
    PAYOR_TYPE_VA/Military: 'PAYOR_TYPE_VA_MILITARY'
    DIAGNOSIS_TYPE_TYPE 1: 'DIAGNOSIS_TYPE_TYPE_1'
    DIAGNOSIS_TYPE_TYPE 2: 'DIAGNOSIS_TYPE_TYPE_2'
  # The seed also listed the target here and dropped STAGE; both are no-ops, left out.
  features: ['CUSTOMER_ID', 'MRN', 'MONTH', 'NUM_AGE', 'NUM_YEARS_ON_INSULIN',
             'IS_AUTO_REORDER_FLAG', 'LENGTH_OF_WARRANTY_IN_MONTHS',
             'IS_WARRANTY_ACTIVE', 'IS_SR', 'NUM_CUM_ACTIVE_MONTH',
             'NUM_LAST_ORDER_CUM_ACTIVE_MONTHS', 'NUM_IS_RETURNED_SUMLOOKBACK_6M_SCORE',
             'NUM_REGULAR_COMPLAINT_LOOKBACK_18M_SCORE', 'NUM_HARM_FLAG_SUM_LOOKBACK_18M_SCORE',
             'NUM_TOTAL_NOTE_COUNT_LOOKBACK_12M_SCORE', 'NUM_INFUSION_SET_RESIDUAL_ADJ',
             'PAYOR_TYPE_COMMERCIAL', 'PAYOR_TYPE_GENERIC_OTHER',
             'PAYOR_TYPE_MANAGED_MEDICAID', 'PAYOR_TYPE_MANAGED_MEDICARE',
             'PAYOR_TYPE_MEDICARE', 'PAYOR_TYPE_PHARMACY',
             'PAYOR_TYPE_STATE_MEDICAID', 'PAYOR_TYPE_VA_MILITARY',
             'DIAGNOSIS_TYPE_TYPE_1', 'DIAGNOSIS_TYPE_TYPE_2']
  drop: ['CUSTOMER_ID', 'MRN', 'MONTH']
  dummy_cols: ['IS_PAYOR_TYPE', 'IS_DIAGNOSIS_TYPE']
  target: 'IS_ATTRITION_FLAG_C'
  hyperparameters:
    optimize: 'auc'           # auc | f1 | accuracy, on validation probabilities
    num_tuning_rounds: 3      # TPE trials
    eta:
      min: -3                 # eta is searched over 10^min .. 10^0
    max_depth:
      min: 3
      max: 10
    subsample:
      min: 0.5
      max: 1.0
    gamma:
      min: 0
      max: 5
    min_child_weight:
      min: 0
      max: 5
    reg_alpha:
      min: 0
      max: 5
  dataset: 'PA_MODELING_DATASET'   # any table with the features and the target
  id_column: 'CUSTOMER_ID'         # the randomized split keeps a customer on one side
  # positive_class: 'Yes'          # the target value meaning 1, when the target is text

inference:
  min_history_months: 6       # 0..6
  num_month_forecast: 6       # 1..6
  profiling: true
  drift_alert_psi: 0.2        # one alert per scoring run above this PSI
  drift_ignore: []            # features that drift by construction: reported, never alerted

warehouse:
  url: 'sqlite:attrition.db'  # sqlite:PATH | postgresql://USER:${env:ATTRITION_DB_PASSWORD}@HOST/DB | odbc:DSN=…;PWD=${env:…}

artifacts:
  dir: 'artifacts'            # model versions, reports, profiles

environment: 'dev'            # the label in notifications: dev, prod, …

# as_of: '2024-12'            # pin the as-of month instead of taking the last month of data

registry:
  promote_tolerance: 0.005    # promote refuses a holdout metric worse than production's by more

serving:
  host: '0.0.0.0'
  port: 8080
  threads: 0                  # 0 = one per CPU core
  max_payload_mb: 6           # larger requests get 413
  model: 'production'         # a registry alias or version

schedule:                     # for `attrition run`
  timezone: 'UTC'
  score: '0 13 * * *'         # minute hour day-of-month month day-of-week
  # train: '0 2 1 * *'

notifications: []             # the log always gets them; add sinks:
#  - type: webhook
#    url: 'https://hooks.example.com/attrition'
#    headers: {Authorization: 'Bearer ${env:ATTRITION_WEBHOOK_TOKEN}'}
#    retries: 3
#  - type: smtp
#    url: 'smtps://smtp.example.com:465'
#    from: 'attrition@example.com'
#    to: ['retention-team@example.com']
#    username: 'attrition'
#    password: '${env:ATTRITION_SMTP_PASSWORD}'
)yaml";

}  // namespace

std::string_view DefaultConfigYaml() { return kDefaultConfigYaml; }

}  // namespace attrition::config
