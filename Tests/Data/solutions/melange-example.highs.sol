Model status
Optimal

# Primal solution values
Feasible
Objective 6.7
Objective_bound 6.7
MIP_rel_gap 0
# Columns 10
count[A10G] 3
count[A100-80GB] 1
n[0,A10G] 0
n[0,A100-80GB] 1
n[1,A10G] 0
n[1,A100-80GB] 1
n[2,A10G] 1
n[2,A100-80GB] 0
n[3,A10G] 0
n[3,A100-80GB] 1
# Rows 6
assign[0] 1
assign[1] 1
assign[2] 1
assign[3] 1
capacity[A10G] 0
capacity[A100-80GB] -0.25

# Dual solution values
None

# Basis
HiGHS_basis_file v2
None
