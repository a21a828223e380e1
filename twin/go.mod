module stallsim/twin

go 1.19
