// A small module for the quick start: two real dependencies from the Go module proxy.
package main

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"
)

func main() {
	g, _ := errgroup.WithContext(context.Background())
	g.Go(func() error { fmt.Println(uuid.NewString()); return nil })
	_ = g.Wait()
}
