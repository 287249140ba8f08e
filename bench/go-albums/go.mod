module scalelab/bench/go-albums

go 1.19
