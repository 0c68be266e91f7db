from advocacy_desk.cli import main

raise SystemExit(main())
