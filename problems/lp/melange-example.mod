/* Melange: minimum-cost heterogeneous GPU allocation for LLM serving, as a GNU MathProg model.

   Source: Griggs et al., "Melange: Cost Efficient Large Language Model Serving by Exploiting
   GPU Heterogeneity" (2024); the numbers are the authors' example config (example.json in
   tyler-griggs/melange-release): two GPU types, a 2 x 2 grid of request-size buckets
   (input length x output length), 30 requests/s in total, slice factor 1.

   Each bucket's request rate goes whole to one GPU type (slice factor 1). A type's load is
   the sum over its buckets of rate / throughput (throughput = requests/s one GPU sustains
   within the latency SLO); it needs an integer number of GPUs at least that load.

   Known answer: 6.70 $/h with 3 x A10G + 1 x A100-80GB. By hand: bucket rates are
   30 x (0.2, 0.1, 0.5, 0.2) = (6, 3, 15, 6) req/s. Any one bucket on A10G has load 3
   (6/2, 3/1, 15/5, 6/2) and needs 3 A10Gs ($3.03); the other three fit one A100 (their
   loads 6/20, 3/20, 15/40, 6/20 sum to at most 0.975), $3.67. All on A100: load 1.125,
   2 GPUs, $7.34; all on A10G: 12 GPUs, $12.12. */

set GPU;                                   # GPU types
set BUCKET;                                # request-size buckets
param price{GPU} >= 0;                     # on-demand price, $/hour
param tput{BUCKET, GPU} >= 0;              # requests/s per GPU within the SLO (0: cannot serve)
param share{BUCKET} >= 0;                  # fraction of requests in each bucket
param rate >= 0;                           # total request rate, requests/s

var assign{b in BUCKET, g in GPU} binary;  # bucket b is served by GPU type g
var count{GPU} integer >= 0;               # GPUs rented per type

minimize cost_per_hour: sum{g in GPU} price[g] * count[g];

s.t. served{b in BUCKET}: sum{g in GPU: tput[b, g] > 0} assign[b, g] = 1;
s.t. unservable{b in BUCKET, g in GPU: tput[b, g] = 0}: assign[b, g] = 0;
s.t. capacity{g in GPU}:
    sum{b in BUCKET: tput[b, g] > 0} assign[b, g] * share[b] * rate / tput[b, g] <= count[g];

solve;
printf{g in GPU} "%s: %d GPUs\n", g, count[g];

data;

set GPU := A10G A100_80GB;
set BUCKET := in1_out1 in1_out2 in2_out1 in2_out2;
param price := A10G 1.01  A100_80GB 3.67;
param rate := 30;
param share := in1_out1 0.2  in1_out2 0.1  in2_out1 0.5  in2_out2 0.2;
param tput :    A10G  A100_80GB :=
    in1_out1    2     20
    in1_out2    1     20
    in2_out1    5     40
    in2_out2    2     20;

end;
