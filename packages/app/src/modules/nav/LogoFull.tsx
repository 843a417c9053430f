import { makeStyles } from '@material-ui/core';
import { LOGO_COLOR, LogoMark } from './LogoMark';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 30,
  },
});

/** The drktrc mark and name, for the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 176 48"
      role="img"
      aria-label="drktrc"
    >
      <LogoMark />
      <text
        x={56}
        y={35}
        fill={LOGO_COLOR}
        fontFamily="Helvetica, Arial, sans-serif"
        fontSize={32}
        fontWeight={700}
        letterSpacing={1}
      >
        drktrc
      </text>
    </svg>
  );
};
