import { makeStyles } from '@material-ui/core';
import { LogoMark } from './LogoMark';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 28,
  },
});

/** The drktrc mark alone, for the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 48 48"
      role="img"
      aria-label="drktrc"
    >
      <LogoMark />
    </svg>
  );
};
