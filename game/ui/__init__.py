"""Everything pygame: the app loop, scenes, drawing and input. Reads rule state, sends actions."""
