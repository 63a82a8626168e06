// The client generated from tictactoe.yaml (a spec of our own mirroring the shape of the OpenAPI Initiative's
// example of that name) by the build plugin; building this target is the check that it compiles.
